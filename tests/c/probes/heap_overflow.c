/* Reads one byte past a heap block. Built with the tests' sanitizer flags,
 * it must be stopped by AddressSanitizer: proof that the sanitizer is active. */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
    (void)argv;
    char *block = malloc(8);
    for (int i = 0; i < 8; i++) block[i] = (char)i;
    volatile char past = block[8 + argc - 1]; /* index 8: one past the end */
    printf("read %d\n", past);
    free(block);
    return 0;
}
