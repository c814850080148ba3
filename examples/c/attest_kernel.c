/* An Attest external kernel in C against libhdf5, without any kit
 * (docs/external-kernels.md, protocol version 1).
 *
 *   attest-kernel --capabilities            print the declaration (JSON)
 *   attest-kernel REQUEST.h5 RESPONSE.h5     answer every call of the request
 *
 * It implements the whole contract of docs/semantics.md: every element type,
 * every mask kind (causal both alignments, sliding window, key and query
 * padding, packed sequences, boolean mask), bias, ALiBi, softcap, GQA/MQA,
 * Dv != D and lse. Accumulation: float64 throughout (scores, the row maximum,
 * the sum of exponentials, the weighted sum of values); inputs are widened
 * exactly to float64 (16-bit types from their raw bits); o is rounded once to
 * the call's element type (round to nearest, ties to even), lse is stored in
 * float64. Fully masked rows give o = 0 and lse = -inf.
 */
#include <hdf5.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FAIL(...) do { snprintf(err, errlen, __VA_ARGS__); return -1; } while (0)

/* ---- 16-bit floats (float16: 5 exponent bits, 10 mantissa; bfloat16: 8 and 7) ---- */

static double widen16(uint16_t h, int ebits, int mbits) {
    int bias = (1 << (ebits - 1)) - 1;
    unsigned e = (h >> mbits) & ((1u << ebits) - 1), m = h & ((1u << mbits) - 1);
    double v;
    if (e == 0) v = ldexp((double)m, 1 - bias - mbits);
    else if (e == (1u << ebits) - 1) v = m ? NAN : INFINITY;
    else v = ldexp((double)(m | (1u << mbits)), (int)e - bias - mbits);
    return (h >> 15) ? -v : v;
}

/* Rounds x once to the 16-bit format, to nearest, ties to even. */
static uint16_t narrow16(double x, int ebits, int mbits) {
    int bias = (1 << (ebits - 1)) - 1, emin = 1 - bias;
    uint16_t sign = signbit(x) ? 0x8000 : 0, inf = (uint16_t)(((1u << ebits) - 1) << mbits);
    if (isnan(x)) return sign | inf | (uint16_t)(1u << (mbits - 1));
    double a = fabs(x);
    if (a == 0) return sign;
    if (isinf(a)) return sign | inf;
    int e;
    frexp(a, &e);
    e -= 1;                                   /* a = 1.f * 2^e */
    if (e < emin) e = emin;                   /* subnormal quantum */
    double r = nearbyint(ldexp(a, mbits - e)) ; /* exact scaling, then one rounding (default mode: ties to even) */
    double v = ldexp(r, e - mbits);
    if (v > ldexp(2.0 - ldexp(1.0, -mbits), bias)) return sign | inf;
    if (v < ldexp(1.0, emin)) return sign | (uint16_t)ldexp(v, mbits - emin);      /* subnormal */
    int ev;
    frexp(v, &ev);
    ev -= 1;
    uint16_t mant = (uint16_t)(ldexp(v, mbits - ev) - ldexp(1.0, mbits));
    return sign | (uint16_t)((ev + bias) << mbits) | mant;
}

static hid_t float16_type(int bf) {            /* as fixtures/README.md makes them */
    hid_t t = H5Tcopy(H5T_IEEE_F32LE);
    if (bf) H5Tset_fields(t, 15, 7, 8, 0, 7); else H5Tset_fields(t, 15, 10, 5, 0, 10);
    H5Tset_size(t, 2);
    H5Tset_ebias(t, bf ? 127 : 15);
    return t;
}

/* ---- reading a call ---- */

typedef struct {
    char dtype[16], causal[16];
    long long B, Sq, Skv, Hq, Hkv, D, Dv, window, wl, wr, lse;
    double scale, softcap;
    double *q, *k, *v, *bias, *alibi;
    long long *klen, *qlen, *cuq, *cuk, nseq;
    unsigned char *mask;
    hsize_t bias_dims[4], mask_dims[4];
} Call;

static int attr_int(hid_t g, const char *name, long long *out) {
    hid_t a = H5Aopen(g, name, H5P_DEFAULT);
    if (a < 0) return -1;
    int64_t v = 0;
    herr_t s = H5Aread(a, H5T_NATIVE_INT64, &v);
    H5Aclose(a);
    *out = v;
    return s < 0 ? -1 : 0;
}

static int attr_double(hid_t g, const char *name, double *out) {
    hid_t a = H5Aopen(g, name, H5P_DEFAULT);
    if (a < 0) return -1;
    herr_t s = H5Aread(a, H5T_NATIVE_DOUBLE, out);
    H5Aclose(a);
    return s < 0 ? -1 : 0;
}

static int attr_string(hid_t g, const char *name, char *out, size_t n) {
    hid_t a = H5Aopen(g, name, H5P_DEFAULT);
    if (a < 0) return -1;
    hid_t t = H5Aget_type(a);
    size_t size = H5Tget_size(t);
    char *buf = calloc(size + 1, 1);
    herr_t s = H5Aread(a, t, buf);
    snprintf(out, n, "%s", buf);
    free(buf);
    H5Tclose(t);
    H5Aclose(a);
    return s < 0 ? -1 : 0;
}

/* Reads dataset `name` widened to double (count elements); 16-bit floats from their bits. */
static double *read_floats(hid_t g, const char *name, const char *dtype, size_t count) {
    hid_t d = H5Dopen2(g, name, H5P_DEFAULT);
    if (d < 0) return NULL;
    double *out = malloc(count * sizeof(double));
    herr_t s;
    int bf = !strcmp(dtype, "bfloat16");
    if (bf || !strcmp(dtype, "float16")) {
        uint16_t *bits = malloc(count * 2);
        hid_t t = H5Dget_type(d);
        s = H5Dread(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, bits);
        H5Tclose(t);
        for (size_t i = 0; i < count; i++) out[i] = bf ? widen16(bits[i], 8, 7) : widen16(bits[i], 5, 10);
        free(bits);
    } else {
        s = H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, out);
    }
    H5Dclose(d);
    if (s < 0) { free(out); return NULL; }
    return out;
}

static void *read_optional(hid_t g, const char *name, hid_t memtype, size_t width, hsize_t dims[4], long long *count) {
    if (H5Lexists(g, name, H5P_DEFAULT) <= 0) return NULL;
    hid_t d = H5Dopen2(g, name, H5P_DEFAULT);
    hid_t sp = H5Dget_space(d);
    hsize_t shape[4] = {1, 1, 1, 1};
    int rank = H5Sget_simple_extent_dims(sp, shape, NULL);
    size_t n = 1;
    for (int i = 0; i < rank; i++) n *= shape[i];
    if (dims) memcpy(dims, shape, sizeof shape);
    if (count) *count = (long long)n;
    void *out = malloc(n * width);
    H5Dread(d, memtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, out);
    H5Sclose(sp);
    H5Dclose(d);
    return out;
}

static int read_call(hid_t g, Call *c, char *err, size_t errlen) {
    memset(c, 0, sizeof *c);
    if (attr_string(g, "dtype", c->dtype, sizeof c->dtype) || attr_string(g, "causal", c->causal, sizeof c->causal))
        FAIL("cannot read the dtype or causal attribute");
    const char *ints[] = {"B", "Sq", "Skv", "Hq", "Hkv", "D", "Dv", "window", "window_left", "window_right", "lse"};
    long long *dst[] = {&c->B, &c->Sq, &c->Skv, &c->Hq, &c->Hkv, &c->D, &c->Dv, &c->window, &c->wl, &c->wr, &c->lse};
    for (int i = 0; i < 11; i++) if (attr_int(g, ints[i], dst[i])) FAIL("cannot read attribute %s", ints[i]);
    if (attr_double(g, "scale", &c->scale) || attr_double(g, "softcap", &c->softcap)) FAIL("cannot read scale or softcap");
    c->q = read_floats(g, "q", c->dtype, (size_t)(c->B * c->Sq * c->Hq * c->D));
    c->k = read_floats(g, "k", c->dtype, (size_t)(c->B * c->Skv * c->Hkv * c->D));
    c->v = read_floats(g, "v", c->dtype, (size_t)(c->B * c->Skv * c->Hkv * c->Dv));
    if (!c->q || !c->k || !c->v) FAIL("cannot read q, k or v");
    c->klen = read_optional(g, "key_lengths", H5T_NATIVE_INT64, 8, NULL, NULL);
    c->qlen = read_optional(g, "query_lengths", H5T_NATIVE_INT64, 8, NULL, NULL);
    c->cuq = read_optional(g, "cu_seqlens_q", H5T_NATIVE_INT64, 8, NULL, &c->nseq);
    c->cuk = read_optional(g, "cu_seqlens_k", H5T_NATIVE_INT64, 8, NULL, NULL);
    c->mask = read_optional(g, "mask", H5T_NATIVE_UCHAR, 1, c->mask_dims, NULL);
    c->bias = read_optional(g, "bias", H5T_NATIVE_DOUBLE, 8, c->bias_dims, NULL);
    c->alibi = read_optional(g, "alibi_slopes", H5T_NATIVE_DOUBLE, 8, NULL, NULL);
    if (c->cuq) c->nseq -= 1;
    return 0;
}

static void free_call(Call *c) {
    void *p[] = {c->q, c->k, c->v, c->bias, c->alibi, c->klen, c->qlen, c->cuq, c->cuk, c->mask};
    for (int i = 0; i < 10; i++) free(p[i]);
}

/* ---- the computation (docs/semantics.md §2, §4), float64 ---- */

static void attention(const Call *c, double *o, double *lse) {
    long long B = c->B, Sq = c->Sq, Skv = c->Skv, Hq = c->Hq, Hkv = c->Hkv, D = c->D, Dv = c->Dv;
    double *s = malloc((size_t)Skv * sizeof(double));
    for (long long b = 0; b < B; b++)
    for (long long h = 0; h < Hq; h++) {
        long long g = h / (Hq / Hkv);
        for (long long i = 0; i < Sq; i++) {
            /* the segment of query i: positions i', j' and lengths sq, skv */
            long long qs = 0, ks = 0, sq = Sq, skv = Skv, kend = Skv, inside = 1;
            if (c->cuq) {
                inside = 0;
                for (long long n = 0; n < c->nseq; n++)
                    if (c->cuq[n] <= i && i < c->cuq[n + 1]) {
                        qs = c->cuq[n]; ks = c->cuk[n]; sq = c->cuq[n + 1] - qs; skv = c->cuk[n + 1] - ks; kend = c->cuk[n + 1];
                        inside = 1;
                    }
            } else {
                if (c->qlen) { sq = c->qlen[b]; if (i >= sq) inside = 0; }
                if (c->klen) { skv = c->klen[b]; kend = skv; }
            }
            long long ip = i - qs, off = skv - sq;
            double m = -INFINITY;
            for (long long j = 0; j < Skv; j++) {
                long long jp = j - ks;
                int visible = inside && j >= ks && j < kend;
                if (visible && !strcmp(c->causal, "top_left")) visible = jp <= ip;
                if (visible && !strcmp(c->causal, "bottom_right")) visible = jp <= ip + off;
                if (visible && c->window && c->wl >= 0) visible = jp >= ip + off - c->wl;
                if (visible && c->window && c->wr >= 0) visible = jp <= ip + off + c->wr;
                if (visible && c->mask) {
                    hsize_t mb = c->mask_dims[0] == 1 ? 0 : b, mh = c->mask_dims[1] == 1 ? 0 : h;
                    visible = c->mask[((mb * c->mask_dims[1] + mh) * Sq + i) * Skv + j] != 0;
                }
                if (!visible) { s[j] = -INFINITY; continue; }
                double dot = 0;
                for (long long d = 0; d < D; d++)
                    dot += c->q[((b * Sq + i) * Hq + h) * D + d] * c->k[((b * Skv + j) * Hkv + g) * D + d];
                double x = c->scale * dot;
                if (c->softcap > 0) x = c->softcap * tanh(x / c->softcap);
                if (c->bias) {
                    hsize_t bb = c->bias_dims[0] == 1 ? 0 : b, bh = c->bias_dims[1] == 1 ? 0 : h;
                    x += c->bias[((bb * c->bias_dims[1] + bh) * Sq + i) * Skv + j];
                }
                if (c->alibi) x -= c->alibi[h] * fabs((double)(ip + off - jp));
                s[j] = x;
                if (x > m) m = x;
            }
            double *out = o + ((b * Sq + i) * Hq + h) * Dv;
            for (long long d = 0; d < Dv; d++) out[d] = 0;
            double *l = lse + (b * Hq + h) * Sq + i;
            if (m == -INFINITY) { *l = -INFINITY; continue; }   /* fully masked: o = 0, lse = -inf */
            double sum = 0;
            for (long long j = 0; j < Skv; j++) if (s[j] != -INFINITY) sum += exp(s[j] - m);
            for (long long j = 0; j < Skv; j++) {
                if (s[j] == -INFINITY) continue;
                double w = exp(s[j] - m) / sum;
                for (long long d = 0; d < Dv; d++) out[d] += w * c->v[((b * Skv + j) * Hkv + g) * Dv + d];
            }
            *l = m + log(sum);
            /* a NaN score anywhere in the row makes the whole row NaN (semantics §7) */
            for (long long j = 0; j < Skv; j++) if (isnan(s[j])) { *l = NAN; for (long long d = 0; d < Dv; d++) out[d] = NAN; break; }
        }
    }
    free(s);
}

/* ---- writing an answer ---- */

static int write_dataset(hid_t g, const char *name, const char *dtype, const double *x, int rank, const hsize_t *dims) {
    size_t n = 1;
    for (int i = 0; i < rank; i++) n *= dims[i];
    hid_t sp = H5Screate_simple(rank, dims, NULL), d, t;
    herr_t s;
    int bf = !strcmp(dtype, "bfloat16");
    if (bf || !strcmp(dtype, "float16")) {
        uint16_t *bits = malloc(n * 2);
        for (size_t i = 0; i < n; i++) bits[i] = bf ? narrow16(x[i], 8, 7) : narrow16(x[i], 5, 10);
        t = float16_type(bf);
        d = H5Dcreate2(g, name, t, sp, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
        s = H5Dwrite(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, bits);
        free(bits);
    } else if (!strcmp(dtype, "float32")) {
        float *f = malloc(n * sizeof(float));
        for (size_t i = 0; i < n; i++) f[i] = (float)x[i];   /* one rounding, to nearest even */
        t = H5Tcopy(H5T_IEEE_F32LE);
        d = H5Dcreate2(g, name, t, sp, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
        s = H5Dwrite(d, H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, f);
        free(f);
    } else {
        t = H5Tcopy(H5T_IEEE_F64LE);
        d = H5Dcreate2(g, name, t, sp, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
        s = H5Dwrite(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, x);
    }
    H5Dclose(d);
    H5Tclose(t);
    H5Sclose(sp);
    return s < 0 ? -1 : 0;
}

static void write_string_attr(hid_t g, const char *name, const char *text) {
    hid_t t = H5Tcopy(H5T_C_S1);
    H5Tset_size(t, strlen(text) + 1);
    hid_t sp = H5Screate(H5S_SCALAR), a = H5Acreate2(g, name, t, sp, H5P_DEFAULT, H5P_DEFAULT);
    H5Awrite(a, t, text);
    H5Aclose(a);
    H5Sclose(sp);
    H5Tclose(t);
}

static int answer(hid_t req, hid_t res, const char *name) {
    char err[256];
    hid_t out = H5Gcreate2(res, name, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    hid_t g = H5Gopen2(req, name, H5P_DEFAULT);
    Call c;
    if (g < 0 || read_call(g, &c, err, sizeof err)) {
        write_string_attr(out, "error", g < 0 ? "cannot open the call's group" : err);
    } else {
        double *o = malloc((size_t)(c.B * c.Sq * c.Hq * c.Dv) * sizeof(double));
        double *lse = malloc((size_t)(c.B * c.Hq * c.Sq) * sizeof(double));
        attention(&c, o, lse);
        hsize_t od[4] = {c.B, c.Sq, c.Hq, c.Dv}, ld[3] = {c.B, c.Hq, c.Sq};
        if (write_dataset(out, "o", c.dtype, o, 4, od) || (c.lse && write_dataset(out, "lse", "float64", lse, 3, ld))) {
            fprintf(stderr, "attest-kernel: cannot write the answer of %s\n", name);
            return -1;
        }
        free(o);
        free(lse);
        free_call(&c);
    }
    if (g >= 0) H5Gclose(g);
    H5Gclose(out);
    return 0;
}

int main(int argc, char **argv) {
    if (argc == 2 && !strcmp(argv[1], "--capabilities")) {
        printf("{\"protocol_version\": 1, \"name\": \"c-example\", \"dtypes\": [\"f64\", \"f32\", \"f16\", \"bf16\"],\n"
               " \"features\": [\"causal_tl\", \"causal_br\", \"window\", \"key_padding\", \"query_padding\", \"varlen\",\n"
               "              \"bool_mask\", \"bias\", \"alibi\", \"softcap\", \"gqa\", \"dv_ne_d\", \"lse\"],\n"
               " \"fully_masked_rows\": \"zero\", \"deterministic\": true, \"max_head_dim\": null, \"lse_dtype\": \"f64\"}\n");
        return 0;
    }
    if (argc != 3) {
        fprintf(stderr, "usage: %s --capabilities | REQUEST.h5 RESPONSE.h5\n", argv[0]);
        return 2;
    }
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    hid_t req = H5Fopen(argv[1], H5F_ACC_RDONLY, H5P_DEFAULT);
    if (req < 0) { fprintf(stderr, "attest-kernel: cannot open %s\n", argv[1]); return 1; }
    hid_t res = H5Fcreate(argv[2], H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    if (res < 0) { fprintf(stderr, "attest-kernel: cannot create %s\n", argv[2]); return 1; }
    long long calls = 0;
    if (attr_int(req, "calls", &calls)) { fprintf(stderr, "attest-kernel: the request has no calls attribute\n"); return 1; }
    for (long long n = 0; n < calls; n++) {
        char name[32];
        snprintf(name, sizeof name, "c%06lld", n);
        if (answer(req, res, name)) return 1;
    }
    H5Fclose(res);
    H5Fclose(req);
    return 0;
}
