/* Loses a heap block. Built with the tests' sanitizer flags and run with
 * detect_leaks=1, it must be reported by LeakSanitizer: proof that leak
 * detection works here (it does not under some debuggers and sandboxes). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void) {
    char *lost = malloc(64);
    strcpy(lost, "this block is never freed");
    puts(lost);
    lost = NULL;
    return 0;
}
