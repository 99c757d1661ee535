/* Plain C, no mgpolicy: a thread resolves "localhost" and is still alive
 * when the process exits. Under valgrind this alone produces the 96-byte
 * "definitely lost" glibc resolver record that valgrind.supp suppresses,
 * which shows that the record is glibc's and not the library's. */
#define _POSIX_C_SOURCE 200809L
#include <netdb.h>
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t done = PTHREAD_COND_INITIALIZER;
static int resolved;

static void *resolve_and_stay(void *arg) {
    (void)arg;
    struct addrinfo *result = NULL;
    if (getaddrinfo("localhost", "443", NULL, &result) == 0) freeaddrinfo(result);
    pthread_mutex_lock(&lock);
    resolved = 1;
    pthread_cond_signal(&done);
    pthread_mutex_unlock(&lock);
    for (;;) pause(); /* alive at exit, like a pool thread */
    return NULL;
}

int main(void) {
    pthread_t thread;
    if (pthread_create(&thread, NULL, resolve_and_stay, NULL) != 0) return 2;
    pthread_mutex_lock(&lock);
    while (!resolved) pthread_cond_wait(&done, &lock);
    pthread_mutex_unlock(&lock);
    puts("resolved; exiting with the resolving thread alive");
    return 0;
}
