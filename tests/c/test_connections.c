/* A server that resets each kept-alive connection after one answer: every
 * call must still succeed, on a new connection, and the library must leave
 * the signal state of this C program as it found it (SIGPIPE's default
 * disposition, the thread's mask, no pending SIGPIPE). Writing into such a
 * connection can raise SIGPIPE, which ends a C program; whether a given
 * call does depends on timing, so the deterministic check that the library
 * holds it off is the unit test in src/ffi/signals.rs. */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "support.h"
#include "tests.h"

#define RESET_ROUNDS 3

struct resetting_server {
    int listener;
    int port;
    int connections; /* accepted so far */
    int answered;    /* requests answered */
};

/* Answers one request per connection with 200 and a keep-alive JSON body,
 * then closes with SO_LINGER 0: the client's side of the connection is
 * reset while the client keeps it in its pool. */
static void *serve(void *arg) {
    struct resetting_server *s = arg;
    for (int i = 0; i < 2 * RESET_ROUNDS + 2; i++) {
        int fd = accept(s->listener, NULL, NULL);
        if (fd < 0) break;
        __atomic_add_fetch(&s->connections, 1, __ATOMIC_SEQ_CST);
        char buf[8192];
        size_t used = 0;
        while (used < sizeof buf - 1) {
            ssize_t n = read(fd, buf + used, sizeof buf - 1 - used);
            if (n <= 0) break;
            used += (size_t)n;
            buf[used] = '\0';
            if (strstr(buf, "\r\n\r\n")) break;
        }
        if (used > 0 && strstr(buf, "\r\n\r\n")) {
            static const char answer[] =
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 17\r\n"
                "Connection: keep-alive\r\n\r\n{\"tenantId\":\"ok\"}";
            if (write(fd, answer, sizeof answer - 1) == (ssize_t)(sizeof answer - 1))
                __atomic_add_fetch(&s->answered, 1, __ATOMIC_SEQ_CST);
        }
        struct timespec pause = {0, 50 * 1000 * 1000}; /* let the client read the answer */
        nanosleep(&pause, NULL);
        struct linger reset = {1, 0};
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
        close(fd);
    }
    return NULL;
}

static int sigpipe_blocked(void) {
    sigset_t mask;
    pthread_sigmask(SIG_BLOCK, NULL, &mask);
    return sigismember(&mask, SIGPIPE);
}

static int sigpipe_pending(void) {
    sigset_t pending;
    sigpending(&pending);
    return sigismember(&pending, SIGPIPE);
}

void test_a_reset_kept_alive_connection_does_not_end_the_process(void) {
    struct sigaction before;
    CHECK(sigaction(SIGPIPE, NULL, &before) == 0);
    CHECK(before.sa_handler == SIG_DFL); /* a C program's default: SIGPIPE ends it */

    struct resetting_server s = {0};
    s.listener = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    CHECK(bind(s.listener, (struct sockaddr *)&addr, sizeof addr) == 0);
    CHECK(listen(s.listener, 8) == 0);
    CHECK(getsockname(s.listener, (struct sockaddr *)&addr, &len) == 0);
    s.port = ntohs(addr.sin_port);
    pthread_t server;
    CHECK(pthread_create(&server, NULL, serve, &s) == 0);

    char config[512];
    snprintf(config, sizeof config,
             "{\"cloud\":\"Custom\",\"graph_url\":\"http://127.0.0.1:%d\",\"authority_url\":\"http://127.0.0.1:%d\","
             "\"credential\":{\"type\":\"access_token\",\"token\":\"t\"},"
             "\"retry\":{\"max_retries\":3,\"delay_ms\":10}}",
             s.port, s.port);
    mgp_client *client = new_client(config);
    char partner[37];
    partner_id(900, partner);
    int ok = 0;
    for (int i = 0; i < RESET_ROUNDS + 1; i++) {
        mgp_response *r = NULL;
        mgp_status st = mgp_identity_sync_get_get(client, partner, NULL, &r);
        ok += st == MGP_STATUS_OK;
        CHECK_STATUS(st, MGP_STATUS_OK);
        mgp_response_free(r);
        /* wait until the server has reset the connection the client keeps */
        struct timespec pause = {0, 150 * 1000 * 1000};
        nanosleep(&pause, NULL);
    }
    /* still running: no SIGPIPE ended the process */
    CHECK_INT(ok, RESET_ROUNDS + 1);
    CHECK(__atomic_load_n(&s.connections, __ATOMIC_SEQ_CST) >= RESET_ROUNDS + 1);
    CHECK(!sigpipe_blocked()); /* the thread's mask is as it was */
    CHECK(!sigpipe_pending()); /* and no SIGPIPE was left behind */
    struct sigaction after;
    CHECK(sigaction(SIGPIPE, NULL, &after) == 0);
    CHECK(after.sa_handler == SIG_DFL); /* the disposition was not changed */

    mgp_client_free(client);
    shutdown(s.listener, SHUT_RDWR);
    close(s.listener);
    pthread_join(server, NULL);
}
