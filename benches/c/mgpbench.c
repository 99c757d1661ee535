/*
 * mgpbench: the C side of benches/run.sh. One program, linked against
 * libmgpolicy, with one mode per figure; each mode prints one JSON line.
 *
 *   mgpbench start  CONFIG PARTNER
 *       client + first Get (the parent times the whole process up to this line)
 *   mgpbench calls  CONFIG GET_PARTNER SET_PARTNER WARMUP GETS SET_REMOVES
 *       per-call times of Get (body read out) and of Set + Remove on a warm client
 *   mgpbench bulk   CONFIG THREADS COUNT [cold]
 *       Set on COUNT partners from THREADS threads sharing one client
 *   mgpbench memory CONFIG PARTNER CALLS SAMPLE_EVERY
 *       VmRSS every SAMPLE_EVERY Gets, and VmHWM at the end
 *
 * CONFIG is the mgp_client_new JSON. Bulk partners are the tenant ids
 * "%08x-0000-4000-8000-%012x" of 1..COUNT (the driver seeds the same ones).
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mgpolicy.h"

static double now_us(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

/* A field of /proc/self/status in kB ("VmRSS", "VmHWM"), or -1. */
static long proc_status_kb(const char *field) {
    FILE *f = fopen("/proc/self/status", "r");
    if (!f) return -1;
    char line[256];
    long kb = -1;
    size_t n = strlen(field);
    while (fgets(line, sizeof line, f)) {
        if (strncmp(line, field, n) == 0 && line[n] == ':') {
            kb = strtol(line + n + 1, NULL, 10);
            break;
        }
    }
    fclose(f);
    return kb;
}

static void die(const char *what, mgp_status st) {
    char msg[1024];
    size_t n = 0;
    if (mgp_last_error_message(msg, sizeof msg, &n) != MGP_STATUS_OK) msg[0] = 0;
    fprintf(stderr, "mgpbench: %s: %s: %s\n", what, mgp_status_name(st), msg);
    exit(1);
}

static mgp_client *new_client(const char *config) {
    mgp_client *client = NULL;
    mgp_status st = mgp_client_new(config, &client);
    if (st != MGP_STATUS_OK) die("mgp_client_new", st);
    return client;
}

/* A Get whose body is copied out, as a caller that uses the result does. */
static mgp_status get(const mgp_client *client, const char *partner, char **buf, size_t *cap) {
    mgp_response *resp = NULL;
    mgp_status st = mgp_identity_sync_get_get(client, partner, NULL, &resp);
    size_t len = 0;
    if (mgp_response_body_json(resp, NULL, 0, &len) == MGP_STATUS_BUFFER_TOO_SMALL) {
        if (len + 1 > *cap) {
            *cap = len + 1;
            *buf = realloc(*buf, *cap);
        }
        mgp_response_body_json(resp, *buf, *cap, &len);
    }
    mgp_response_free(resp);
    return st;
}

static mgp_status set_policy(const mgp_client *client, const char *partner) {
    mgp_sync_policy_fields fields = {0};
    fields.display_name = "Bench";
    fields.user_sync_inbound = MGP_TRISTATE_TRUE;
    mgp_response *resp = NULL;
    mgp_status st = mgp_identity_sync_set_set_expanded(client, partner, &fields, NULL, &resp);
    mgp_response_free(resp);
    return st;
}

static mgp_status remove_policy(const mgp_client *client, const char *partner) {
    mgp_response *resp = NULL;
    mgp_status st = mgp_identity_sync_remove_delete(client, partner, NULL, &resp);
    mgp_response_free(resp);
    return st;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double quantile(double *sorted, size_t n, double q) {
    if (n == 0) return 0;
    return sorted[(size_t)((double)(n - 1) * q + 0.5)];
}

static void print_summary(const char *name, double *samples, size_t n, long errors) {
    qsort(samples, n, sizeof *samples, cmp_double);
    double sum = 0;
    for (size_t i = 0; i < n; i++) sum += samples[i];
    printf("\"%s\":{\"n\":%zu,\"median_us\":%.2f,\"mean_us\":%.2f,\"p99_us\":%.2f,\"errors\":%ld}", name, n,
           quantile(samples, n, 0.5), n ? sum / (double)n : 0.0, quantile(samples, n, 0.99), errors);
}

static int mode_start(int argc, char **argv) {
    if (argc < 4) return 2;
    double t0 = now_us();
    mgp_client *client = new_client(argv[2]);
    double t1 = now_us();
    char *buf = NULL;
    size_t cap = 0;
    mgp_status st = get(client, argv[3], &buf, &cap);
    double t2 = now_us();
    if (st != MGP_STATUS_OK) die("first Get", st);
    printf("{\"client\":\"c\",\"client_new_us\":%.1f,\"first_get_us\":%.1f,\"rss_kb\":%ld,\"body_bytes\":%zu}\n",
           t1 - t0, t2 - t1, proc_status_kb("VmRSS"), buf ? strlen(buf) : 0);
    fflush(stdout);
    free(buf);
    mgp_client_free(client);
    return 0;
}

static int mode_calls(int argc, char **argv) {
    if (argc < 8) return 2;
    const char *get_partner = argv[3], *set_partner = argv[4];
    long warmup = atol(argv[5]), gets = atol(argv[6]), set_removes = atol(argv[7]);
    mgp_client *client = new_client(argv[2]);
    char *buf = NULL;
    size_t cap = 0;
    for (long i = 0; i < warmup; i++) {
        get(client, get_partner, &buf, &cap);
        set_policy(client, set_partner);
        remove_policy(client, set_partner);
    }
    double *samples = malloc(sizeof(double) * (size_t)(gets > set_removes ? gets : set_removes) + 1);
    long errors = 0;
    for (long i = 0; i < gets; i++) {
        double t = now_us();
        errors += get(client, get_partner, &buf, &cap) != MGP_STATUS_OK;
        samples[i] = now_us() - t;
    }
    printf("{\"client\":\"c\",");
    print_summary("get", samples, (size_t)gets, errors);
    errors = 0;
    for (long i = 0; i < set_removes; i++) {
        double t = now_us();
        mgp_status a = set_policy(client, set_partner);
        mgp_status b = remove_policy(client, set_partner);
        samples[i] = now_us() - t;
        errors += a != MGP_STATUS_OK || b != MGP_STATUS_OK;
    }
    printf(",");
    print_summary("set_remove", samples, (size_t)set_removes, errors);
    printf("}\n");
    free(samples);
    free(buf);
    mgp_client_free(client);
    return 0;
}

struct bulk {
    const mgp_client *client;
    long count;
    long next; /* atomic */
    double *latency_us;
    mgp_status *status;
};

static void *bulk_worker(void *arg) {
    struct bulk *b = arg;
    char partner[40];
    for (;;) {
        long i = __atomic_fetch_add(&b->next, 1, __ATOMIC_RELAXED);
        if (i >= b->count) break;
        snprintf(partner, sizeof partner, "%08lx-0000-4000-8000-%012lx", (unsigned long)(i + 1),
                 (unsigned long)(i + 1));
        double t = now_us();
        b->status[i] = set_policy(b->client, partner);
        b->latency_us[i] = now_us() - t;
    }
    return NULL;
}

static int mode_bulk(int argc, char **argv) {
    if (argc < 5) return 2;
    int threads = atoi(argv[3]);
    long count = atol(argv[4]);
    int cold = argc > 5 && strcmp(argv[5], "cold") == 0;
    mgp_client *client = new_client(argv[2]);
    if (!cold) {
        /* Warm: the token is fetched before the clock starts. A Get on a
         * partner with no policy answers 404, which is fine here. */
        mgp_response *resp = NULL;
        mgp_identity_sync_get_get(client, "00000000-0000-4000-8000-000000000000", NULL, &resp);
        mgp_response_free(resp);
    }
    struct bulk b = {client, count, 0, calloc((size_t)count, sizeof(double)),
                     calloc((size_t)count, sizeof(mgp_status))};
    pthread_t *tids = calloc((size_t)threads, sizeof *tids);
    double t0 = now_us();
    for (int i = 0; i < threads; i++) pthread_create(&tids[i], NULL, bulk_worker, &b);
    for (int i = 0; i < threads; i++) pthread_join(tids[i], NULL);
    double wall = now_us() - t0;
    long ok = 0;
    long by_status[32] = {0};
    for (long i = 0; i < count; i++) {
        ok += b.status[i] == MGP_STATUS_OK;
        by_status[b.status[i] < 32 ? b.status[i] : 31]++;
    }
    qsort(b.latency_us, (size_t)count, sizeof(double), cmp_double);
    printf("{\"client\":\"c\",\"threads\":%d,\"count\":%ld,\"cold\":%s,\"wall_s\":%.4f,\"ok\":%ld,"
           "\"per_s\":%.1f,\"p50_us\":%.1f,\"p99_us\":%.1f,\"max_us\":%.1f,\"statuses\":{",
           threads, count, cold ? "true" : "false", wall / 1e6, ok, (double)count / (wall / 1e6),
           quantile(b.latency_us, (size_t)count, 0.5), quantile(b.latency_us, (size_t)count, 0.99),
           b.latency_us[count - 1]);
    int first = 1;
    for (int s = 0; s < 32; s++) {
        if (!by_status[s]) continue;
        printf("%s\"%s\":%ld", first ? "" : ",", mgp_status_name((uint32_t)s), by_status[s]);
        first = 0;
    }
    printf("}}\n");
    free(tids);
    free(b.latency_us);
    free(b.status);
    mgp_client_free(client);
    return 0;
}

static int mode_memory(int argc, char **argv) {
    if (argc < 6) return 2;
    const char *partner = argv[3];
    long calls = atol(argv[4]), every = atol(argv[5]);
    if (every <= 0) every = 1000;
    mgp_client *client = new_client(argv[2]);
    char *buf = NULL;
    size_t cap = 0;
    long errors = 0;
    long rss_10k = -1;
    double t0 = now_us();
    printf("{\"client\":\"c\",\"calls\":%ld,\"samples\":[[0,%ld]", calls, proc_status_kb("VmRSS"));
    for (long i = 1; i <= calls; i++) {
        errors += get(client, partner, &buf, &cap) != MGP_STATUS_OK;
        if (i % every == 0) {
            long kb = proc_status_kb("VmRSS");
            if (i == 10000) rss_10k = kb;
            printf(",[%ld,%ld]", i, kb);
        }
    }
    double wall = now_us() - t0;
    printf("],\"errors\":%ld,\"rss_10k_kb\":%ld,\"rss_end_kb\":%ld,\"hwm_kb\":%ld,\"wall_s\":%.2f}\n", errors,
           rss_10k, proc_status_kb("VmRSS"), proc_status_kb("VmHWM"), wall / 1e6);
    free(buf);
    mgp_client_free(client);
    return 0;
}

int main(int argc, char **argv) {
    int rc = 2;
    if (argc >= 2) {
        if (strcmp(argv[1], "start") == 0) rc = mode_start(argc, argv);
        else if (strcmp(argv[1], "calls") == 0) rc = mode_calls(argc, argv);
        else if (strcmp(argv[1], "bulk") == 0) rc = mode_bulk(argc, argv);
        else if (strcmp(argv[1], "memory") == 0) rc = mode_memory(argc, argv);
    }
    if (rc == 2) fprintf(stderr, "usage: mgpbench start|calls|bulk|memory CONFIG ... (see the source)\n");
    return rc;
}
