/* Purpose-built misbehaving external kernels for Attest's tests (docs/external-kernels.md §6).
 *
 *   misbehave MODE [TRIGGER] --capabilities
 *   misbehave MODE TRIGGER REQUEST.h5 RESPONSE.h5
 *
 * Every mode behaves exactly like the C example kernel (examples/c, run as ../c/attest-kernel
 * beside this binary, or $ATTEST_GOOD_KERNEL) except on a request holding a call whose case_id
 * contains TRIGGER, where it misbehaves:
 *
 *   segfault     raise SIGSEGV                         -> CRASH on that case
 *   hang         sleep forever                          -> TIMEOUT on that case
 *   garbage      write bytes that are not HDF5, exit 0  -> ERROR on that case
 *   nothing      write no response file, exit 0         -> ERROR on that case
 *   exit1        exit with status 1                     -> ERROR on that case
 *   huge         answer with o claiming [2^20, 2^20, 1024, 1024] (nothing stored) -> FAIL on that case
 *   wrongtype    answer with o in float64 for a float32 call -> ERROR on that case
 *   decline      answer not_supported                   -> NOT_SUPPORTED on that case
 *
 * and on --capabilities:
 *
 *   badjson      print invalid JSON                     -> attest exits 2, no run
 *   badfeature   declare the unknown feature "flash"    -> attest exits 2, no run
 *   badversion   declare protocol_version 2             -> attest exits 2, no run
 */
#define _DEFAULT_SOURCE
#include <hdf5.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static char good[PATH_MAX];

static void find_good_kernel(void) {
    const char *env = getenv("ATTEST_GOOD_KERNEL");
    if (env) { snprintf(good, sizeof good, "%s", env); return; }
    char self[PATH_MAX] = {0};
    if (readlink("/proc/self/exe", self, sizeof self - 1) < 0) { perror("misbehave: readlink"); exit(3); }
    snprintf(good, sizeof good, "%s/attest-kernel", dirname(self));
}

static int run_good(char *const args[]) {
    pid_t pid = fork();
    if (pid == 0) { execv(good, args); perror("misbehave: exec"); _exit(127); }
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

/* The index of the first call whose case_id contains trigger, or -1. */
static long long find_trigger(const char *request, const char *trigger) {
    hid_t f = H5Fopen(request, H5F_ACC_RDONLY, H5P_DEFAULT);
    if (f < 0) return -1;
    hid_t a = H5Aopen(f, "calls", H5P_DEFAULT);
    long long calls = 0, found = -1;
    H5Aread(a, H5T_NATIVE_LLONG, &calls);
    H5Aclose(a);
    for (long long n = 0; n < calls && found < 0; n++) {
        char name[32], id[4096] = {0};
        snprintf(name, sizeof name, "c%06lld", n);
        hid_t g = H5Gopen2(f, name, H5P_DEFAULT);
        hid_t at = H5Aopen(g, "case_id", H5P_DEFAULT), t = H5Aget_type(at);
        if (H5Tget_size(t) < sizeof id) H5Aread(at, t, id);
        if (strstr(id, trigger)) found = n;
        H5Tclose(t);
        H5Aclose(at);
        H5Gclose(g);
    }
    H5Fclose(f);
    return found;
}

/* Replaces the answer of call n in the response by what `mode` writes. */
static int rewrite(const char *response, long long n, const char *mode) {
    hid_t f = H5Fopen(response, H5F_ACC_RDWR, H5P_DEFAULT);
    char name[32];
    snprintf(name, sizeof name, "c%06lld", n);
    hid_t g;
    if (!strcmp(mode, "decline")) {      /* a fresh group holding only the reason */
        H5Ldelete(f, name, H5P_DEFAULT);
        g = H5Gcreate2(f, name, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    } else {                             /* the good answer with its o replaced (lse kept) */
        g = H5Gopen2(f, name, H5P_DEFAULT);
        H5Ldelete(g, "o", H5P_DEFAULT);
    }
    if (!strcmp(mode, "decline")) {
        hid_t t = H5Tcopy(H5T_C_S1), sp = H5Screate(H5S_SCALAR);
        const char *why = "this kernel declines the case on purpose";
        H5Tset_size(t, strlen(why) + 1);
        hid_t a = H5Acreate2(g, "not_supported", t, sp, H5P_DEFAULT, H5P_DEFAULT);
        H5Awrite(a, t, why);
        H5Aclose(a); H5Sclose(sp); H5Tclose(t);
    } else if (!strcmp(mode, "huge")) {
        hsize_t dims[4] = {1u << 20, 1u << 20, 1024, 1024}, chunk[4] = {1, 1, 1, 1024};
        hid_t sp = H5Screate_simple(4, dims, NULL), pl = H5Pcreate(H5P_DATASET_CREATE);
        H5Pset_chunk(pl, 4, chunk);
        hid_t d = H5Dcreate2(g, "o", H5T_IEEE_F32LE, sp, H5P_DEFAULT, pl, H5P_DEFAULT);  /* declared, never written */
        H5Dclose(d); H5Pclose(pl); H5Sclose(sp);
    } else if (!strcmp(mode, "wrongtype")) {
        hsize_t dims[4] = {2, 9, 4, 8};   /* the trigger case's shape, in float64 instead of float32 */
        double x[2 * 9 * 4 * 8] = {0};
        hid_t sp = H5Screate_simple(4, dims, NULL);
        hid_t d = H5Dcreate2(g, "o", H5T_IEEE_F64LE, sp, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
        H5Dwrite(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, x);
        H5Dclose(d); H5Sclose(sp);
    }
    H5Gclose(g);
    H5Fclose(f);
    return 0;
}

int main(int argc, char **argv) {
    if (argc < 3) { fprintf(stderr, "usage: misbehave MODE [TRIGGER] --capabilities | MODE TRIGGER REQUEST RESPONSE\n"); return 2; }
    const char *mode = argv[1];
    find_good_kernel();
    if (!strcmp(argv[argc - 1], "--capabilities")) {
        if (!strcmp(mode, "badjson")) { printf("{\"protocol_version\": 1, \"dtypes\": [\"f32\"\n"); return 0; }
        if (!strcmp(mode, "badfeature") || !strcmp(mode, "badversion")) {
            printf("{\"protocol_version\": %d, \"dtypes\": [\"f32\"], \"features\": [%s], \"fully_masked_rows\": \"zero\", "
                   "\"deterministic\": true}\n", strcmp(mode, "badversion") ? 1 : 2, strcmp(mode, "badfeature") ? "" : "\"flash\"");
            return 0;
        }
        char *args[] = {good, "--capabilities", NULL};
        return run_good(args);
    }
    if (argc != 5) { fprintf(stderr, "misbehave: expected MODE TRIGGER REQUEST RESPONSE\n"); return 2; }
    const char *trigger = argv[2], *request = argv[3], *response = argv[4];
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    long long hit = find_trigger(request, trigger);
    if (hit >= 0) {
        fprintf(stderr, "misbehave: mode %s on call c%06lld\n", mode, hit);
        if (!strcmp(mode, "segfault")) { raise(SIGSEGV); }
        if (!strcmp(mode, "hang")) { for (;;) pause(); }
        if (!strcmp(mode, "nothing")) return 0;
        if (!strcmp(mode, "exit1")) return 1;
        if (!strcmp(mode, "garbage")) {
            FILE *f = fopen(response, "wb");
            for (int i = 0; i < 4096; i++) fputc((i * 131 + 7) & 0xFF, f);
            fclose(f);
            return 0;
        }
    }
    char *args[] = {good, (char *)request, (char *)response, NULL};
    int status = run_good(args);
    if (status != 0 || hit < 0) return status;
    return rewrite(response, hit, mode);
}
