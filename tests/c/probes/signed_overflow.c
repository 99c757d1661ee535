/* Overflows a signed int. Built with the tests' sanitizer flags, it must be
 * stopped by UndefinedBehaviorSanitizer: proof that the sanitizer is active. */
#include <limits.h>
#include <stdio.h>

int main(int argc, char **argv) {
    (void)argv;
    int big = INT_MAX - 1 + argc; /* INT_MAX when run without arguments */
    int over = big + 1;
    printf("%d\n", over);
    return 0;
}
