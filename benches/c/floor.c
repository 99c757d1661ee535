/*
 * floor: the physical floor for per-call figures. A minimal keep-alive
 * HTTP/1.1 client: one blocking TCP connection (TCP_NODELAY) on which it
 * writes prepared requests, byte for byte, and reads each answer in full
 * (status line, headers, Content-Length body). No TLS, no JSON, no threads:
 * what is left is the server, the loopback and two system calls.
 *
 *   floor HOST PORT GET.http PUT.http DELETE.http WARMUP GETS SET_REMOVES
 *
 * The .http files hold complete requests (benches/bench.py writes them from
 * the emulator's log of what the library sent). Prints one JSON line like
 * mgpbench calls: {"client":"floor","get":{...},"set_remove":{...}}.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static double now_us(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

struct request {
    char *bytes;
    size_t len;
};

static struct request load(const char *path) {
    struct request r = {0};
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        exit(1);
    }
    fseek(f, 0, SEEK_END);
    r.len = (size_t)ftell(f);
    fseek(f, 0, SEEK_SET);
    r.bytes = malloc(r.len);
    if (fread(r.bytes, 1, r.len, f) != r.len) {
        perror(path);
        exit(1);
    }
    fclose(f);
    return r;
}

static int fd = -1;
static char in[1 << 16];

/* Sends one request, reads the whole answer, returns its status (0 on failure). */
static int exchange(const struct request *r) {
    size_t off = 0;
    while (off < r->len) {
        ssize_t n = write(fd, r->bytes + off, r->len - off);
        if (n <= 0) return 0;
        off += (size_t)n;
    }
    size_t have = 0;
    char *end = NULL;
    while (!end) {
        if (have == sizeof in - 1) return 0;
        ssize_t n = read(fd, in + have, sizeof in - 1 - have);
        if (n <= 0) return 0;
        have += (size_t)n;
        in[have] = 0;
        end = strstr(in, "\r\n\r\n");
    }
    int status = atoi(in + 9); /* "HTTP/1.1 200 OK" */
    size_t body = 0;
    for (char *p = in; p && p < end; p = strstr(p, "\r\n")) {
        p += 2;
        if (strncasecmp(p, "content-length:", 15) == 0) body = strtoul(p + 15, NULL, 10);
    }
    size_t want = (size_t)(end + 4 - in) + body;
    while (have < want) {
        ssize_t n = read(fd, in, sizeof in - 1 < want - have ? sizeof in - 1 : want - have);
        if (n <= 0) return 0;
        have += (size_t)n;
    }
    return status;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void print_summary(const char *name, double *samples, size_t n, long errors) {
    qsort(samples, n, sizeof *samples, cmp_double);
    double sum = 0;
    for (size_t i = 0; i < n; i++) sum += samples[i];
    double median = n ? samples[(size_t)((double)(n - 1) * 0.5 + 0.5)] : 0;
    double p99 = n ? samples[(size_t)((double)(n - 1) * 0.99 + 0.5)] : 0;
    printf("\"%s\":{\"n\":%zu,\"median_us\":%.2f,\"mean_us\":%.2f,\"p99_us\":%.2f,\"errors\":%ld}", name, n, median,
           n ? sum / (double)n : 0.0, p99, errors);
}

int main(int argc, char **argv) {
    if (argc < 9) {
        fprintf(stderr, "usage: floor HOST PORT GET.http PUT.http DELETE.http WARMUP GETS SET_REMOVES\n");
        return 2;
    }
    struct request get = load(argv[3]), put = load(argv[4]), del = load(argv[5]);
    long warmup = atol(argv[6]), gets = atol(argv[7]), set_removes = atol(argv[8]);

    struct addrinfo hints = {0}, *ai = NULL;
    hints.ai_socktype = SOCK_STREAM;
    if (getaddrinfo(argv[1], argv[2], &hints, &ai) != 0 || !ai) {
        fprintf(stderr, "floor: cannot resolve %s:%s\n", argv[1], argv[2]);
        return 1;
    }
    fd = socket(ai->ai_family, SOCK_STREAM, 0);
    if (fd < 0 || connect(fd, ai->ai_addr, ai->ai_addrlen) != 0) {
        perror("connect");
        return 1;
    }
    freeaddrinfo(ai);
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);

    for (long i = 0; i < warmup; i++) {
        if (exchange(&get) != 200 || exchange(&put) != 204 || exchange(&del) != 204) {
            fprintf(stderr, "floor: a warm-up request failed: %.200s\n", in);
            return 1;
        }
    }
    double *samples = malloc(sizeof(double) * (size_t)(gets > set_removes ? gets : set_removes) + 1);
    long errors = 0;
    for (long i = 0; i < gets; i++) {
        double t = now_us();
        errors += exchange(&get) != 200;
        samples[i] = now_us() - t;
    }
    printf("{\"client\":\"floor\",");
    print_summary("get", samples, (size_t)gets, errors);
    errors = 0;
    for (long i = 0; i < set_removes; i++) {
        double t = now_us();
        int a = exchange(&put), b = exchange(&del);
        samples[i] = now_us() - t;
        errors += a != 204 || b != 204;
    }
    printf(",");
    print_summary("set_remove", samples, (size_t)set_removes, errors);
    printf("}\n");
    close(fd);
    return 0;
}
