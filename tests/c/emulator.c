#define _POSIX_C_SOURCE 200809L
#include "emulator.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "text.h"

int emulator_open(emulator *e, const char *startup_line) {
    memset(e, 0, sizeof *e);
    e->info = json_parse(startup_line);
    const char *url = json_str(e->info, "http_url");
    e->tenant = json_str(e->info, "tenant_id");
    if (!url || !e->tenant || sscanf(url, "http://%63[^:]:%d", e->host, &e->port) != 2) {
        fprintf(stderr, "not a graph-emulator startup line: %.200s\n", startup_line ? startup_line : "(null)");
        json_free(e->info);
        e->info = NULL;
        return -1;
    }
    return 0;
}

void emulator_close(emulator *e) {
    json_free(e->info);
    memset(e, 0, sizeof *e);
}

static int connect_to(const emulator *e) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return -1;
    struct timeval tv = {30, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((unsigned short)e->port);
    if (inet_pton(AF_INET, e->host, &addr.sin_addr) != 1 ||
        connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

/* Decodes a chunked body in place; returns its length. */
static size_t unchunk(char *body) {
    char *in = body, *out = body;
    for (;;) {
        char *end = NULL;
        unsigned long n = strtoul(in, &end, 16);
        char *line_end = strstr(in, "\r\n");
        if (!line_end || end == in) break;
        in = line_end + 2;
        if (n == 0) break;
        memmove(out, in, n);
        out += n;
        in += n + 2;
    }
    *out = '\0';
    return (size_t)(out - body);
}

char *emulator_admin(const emulator *e, const char *method, const char *path, const char *body, int *status) {
    *status = 0;
    int fd = connect_to(e);
    if (fd < 0) return NULL;
    text req = {0};
    size_t blen = body ? strlen(body) : 0;
    text_printf(&req,
                "%s /_emulator%s HTTP/1.1\r\nHost: %s:%d\r\nConnection: close\r\n"
                "Content-Type: application/json\r\nContent-Length: %zu\r\n\r\n",
                method, path, e->host, e->port, blen);
    if (body) text_append(&req, body);
    size_t off = 0;
    while (off < req.len) {
        ssize_t n = write(fd, req.data + off, req.len - off);
        if (n <= 0) break;
        off += (size_t)n;
    }
    text_free(&req);
    text resp = {0};
    char buf[8192];
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf)) > 0) text_append_n(&resp, buf, (size_t)n);
    close(fd);
    char *all = text_take(&resp);
    char *head_end = strstr(all, "\r\n\r\n");
    if (!head_end || sscanf(all, "HTTP/1.%*d %d", status) != 1) {
        *status = 0;
        free(all);
        return NULL;
    }
    *head_end = '\0';
    int chunked = 0;
    for (char *h = strstr(all, "\r\n"); h; h = strstr(h + 2, "\r\n"))
        if (strncasecmp(h + 2, "transfer-encoding:", 18) == 0 && strstr(h + 2, "chunked")) chunked = 1;
    char *out = strdup(head_end + 4);
    free(all);
    if (out && chunked) unchunk(out);
    return out;
}

static int admin_ok(const emulator *e, const char *method, const char *path, const char *body) {
    int status = 0;
    char *r = emulator_admin(e, method, path, body, &status);
    int ok = status >= 200 && status < 300;
    if (!ok) fprintf(stderr, "admin %s %s -> %d %s\n", method, path, status, r ? r : "");
    free(r);
    return ok ? 0 : -1;
}

int emulator_reset(const emulator *e) { return admin_ok(e, "POST", "/reset", NULL); }
int emulator_seed(const emulator *e, const char *seed_json) { return admin_ok(e, "POST", "/seed", seed_json); }
int emulator_add_fault(const emulator *e, const char *fault_json) { return admin_ok(e, "POST", "/faults", fault_json); }
int emulator_clear_requests(const emulator *e) { return admin_ok(e, "DELETE", "/requests", NULL); }
int emulator_clear_faults(const emulator *e) { return admin_ok(e, "DELETE", "/faults", NULL); }
int emulator_expire_tokens(const emulator *e) { return admin_ok(e, "POST", "/tokens/expire", NULL); }

static json *admin_json(const emulator *e, const char *path) {
    int status = 0;
    char *r = emulator_admin(e, "GET", path, NULL, &status);
    json *v = status == 200 ? json_parse(r) : NULL;
    free(r);
    return v;
}

json *emulator_state(const emulator *e) { return admin_json(e, "/state"); }
json *emulator_requests(const emulator *e) { return admin_json(e, "/requests"); }

long emulator_count_requests(const emulator *e, const char *fragment) {
    json *log = emulator_requests(e);
    if (!log) return -1;
    long n = 0;
    for (size_t i = 0; i < log->count; i++) {
        const char *path = json_str(log->items[i], "path");
        if (path && strstr(path, fragment)) n++;
    }
    json_free(log);
    return n;
}

char *emulator_config(const emulator *e, const char *app, const char *extra) {
    const json *apps = json_at(e->info, "apps");
    const json *found = NULL;
    for (size_t i = 0; apps && i < apps->count; i++)
        if (json_str(apps->items[i], "name") && strcmp(json_str(apps->items[i], "name"), app) == 0)
            found = apps->items[i];
    if (!found || !json_str(found, "client_secret")) return NULL;
    text t = {0};
    text_append(&t, "{\"cloud\": \"Custom\", \"graph_url\": ");
    text_append_json_string(&t, json_str(e->info, "https_url"));
    text_append(&t, ", \"authority_url\": ");
    text_append_json_string(&t, json_str(e->info, "https_url"));
    text_append(&t, ", \"credential\": {\"type\": \"client_secret\", \"tenant_id\": ");
    text_append_json_string(&t, json_str(found, "tenant_id"));
    text_append(&t, ", \"client_id\": ");
    text_append_json_string(&t, json_str(found, "client_id"));
    text_append(&t, ", \"client_secret\": ");
    text_append_json_string(&t, json_str(found, "client_secret"));
    text_append(&t, "}, \"ca_certificate_files\": [");
    text_append_json_string(&t, json_str(e->info, "ca_pem_path"));
    text_append(&t, "], \"retry\": {\"max_retries\": 3, \"delay_ms\": 20, \"max_total_ms\": 20000}");
    if (extra) text_printf(&t, ", %s", extra);
    text_append(&t, "}");
    return text_take(&t);
}

const json *state_partner(const json *state, const char *tenant, const char *partner) {
    char path[128];
    snprintf(path, sizeof path, "tenants/%s/partners", tenant);
    const json *partners = json_at(state, path);
    for (size_t i = 0; partners && i < partners->count; i++) {
        const char *id = json_str(partners->items[i], "tenantId");
        if (id && strcasecmp(id, partner) == 0) return partners->items[i];
    }
    return NULL;
}

const json *state_policy(const json *state, const char *tenant, const char *partner) {
    return json_at(state_partner(state, tenant, partner), "identitySynchronization");
}

const json *state_deleted(const json *state, const char *tenant, const char *partner) {
    char path[128];
    snprintf(path, sizeof path, "tenants/%s/deleted_sync_policies", tenant);
    const json *deleted = json_at(state, path);
    for (size_t i = 0; deleted && i < deleted->count; i++) {
        const char *id = json_str(deleted->items[i], "tenantId");
        if (id && strcasecmp(id, partner) == 0) return deleted->items[i];
    }
    return NULL;
}
