/* textfix.native._boiler: a peel round's feature rows of the chrome-line model (BP401), and
 * the calibration of its scores.
 *
 * line_context, assemble_rows and calibrate write exactly what their references in pure.py
 * write; pure.py defines the semantics, this file only makes them fast (one call per peel
 * round, no numpy on the compiled path). Only sums in a defined order, comparisons, copies,
 * the C library's log1p (what math.log1p and numpy's log1p call) and numpy's pairwise
 * summation and interp formula are here, with floating-point contraction off (no fused
 * multiply-add), so both paths give the same bits. Arrays come in through the buffer
 * protocol: no numpy headers at build time.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=off")
#endif

#include "_buffers.h"

#define LOCAL_COLUMNS 21
#define NEIGHBOURS 4
#define NEIGHBOUR_WIDTH 7
#define CONTEXT_COLUMNS 15
#define FEATURE_COLUMNS (LOCAL_COLUMNS + NEIGHBOURS * NEIGHBOUR_WIDTH + CONTEXT_COLUMNS)
#define INDENT_COLUMN 17
#define STOP_COLUMN 2

static const int neighbour_columns[NEIGHBOUR_WIDTH] = {0, 2, 8, 18, 19, 20, INDENT_COLUMN};
static const int neighbour_offsets[NEIGHBOURS] = {-2, -1, 1, 2};

static int
compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* (first, last) row of the maximum-sum run of +chars (block_prose) / -(chars + 20) (other); -1, -1: none. */
static void
main_block(const double *chars, const char *prose, Py_ssize_t n, Py_ssize_t *first, Py_ssize_t *last)
{
    *first = *last = -1;
    if (n == 0) return;
    double csum = 0.0, lowest = 0.0, best = 0.0;
    Py_ssize_t lowest_at = 0, best_end = -1, best_start = 0;
    for (Py_ssize_t k = 0; k < n; k++) {
        double gain = prose[k] ? chars[k] : -(chars[k] + 20.0);
        double next = k == 0 ? gain : csum + gain; /* np.cumsum: the first sum is the first value */
        double here = next - lowest;               /* the best run ending at row k */
        if (best_end < 0 || here > best) {         /* argmax: the first maximum */
            best = here;
            best_end = k;
            best_start = lowest_at;
        }
        csum = next;
        if (csum < lowest) { /* a new running minimum, at prefix k + 1 */
            lowest = csum;
            lowest_at = k + 1;
        }
    }
    if (best <= 0) return;
    *first = best_start;
    *last = best_end;
}

/* The work of line_context on raw pointers (n rows; m + 1 blank-line counts; logs repeat logs).
 * Writes features and raw, sets *first and *last; returns 0, or -1 with an exception set. */
static int
write_context(Py_ssize_t n, Py_ssize_t m, Py_ssize_t logs, const double *local, const char *shorts, const long long *keys,
        const double *chars, const char *prose, const char *block_prose, const long long *position,
        const long long *blanks, const double *repeat_logs, double chars_total, double log_rows, double doc_stop,
        double *features, double *raw, Py_ssize_t *first_out, Py_ssize_t *last_out)
{
    /* Indices read through: checked first, so the loops below stay in bounds. */
    long long top_key = -1;
    for (Py_ssize_t i = 0; i < n; i++) {
        if (position[i] < 0 || position[i] + 1 >= m || keys[i] < 0) {
            PyErr_SetString(PyExc_ValueError, "line_context: a position or repeat key is out of range");
            return -1;
        }
        if (keys[i] > top_key) top_key = keys[i];
    }
    Py_ssize_t *counts = PyMem_Calloc((size_t)(top_key + 2), sizeof(Py_ssize_t));
    double *csum = PyMem_Malloc((size_t)(n + 1) * sizeof(double));
    double *indents = PyMem_Malloc((size_t)(n + 1) * sizeof(double));
    if (counts == NULL || csum == NULL || indents == NULL) {
        PyMem_Free(counts);
        PyMem_Free(csum);
        PyMem_Free(indents);
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t i = 0; i < n; i++) counts[keys[i]]++;
    for (Py_ssize_t i = 0; i < n; i++) {
        if (counts[keys[i]] > logs) {
            PyErr_SetString(PyExc_ValueError, "line_context: repeat_logs is shorter than a key's count");
            PyMem_Free(counts);
            PyMem_Free(csum);
            PyMem_Free(indents);
            return -1;
        }
    }

    Py_ssize_t first, last;
    main_block(chars, block_prose, n, &first, &last);
    int has_block = first >= 0;
    double block_share = 0.0, block_indent = 0.0;
    csum[0] = 0.0;
    for (Py_ssize_t i = 0; i < n; i++) csum[i + 1] = i == 0 ? chars[0] : csum[i] + chars[i];
    if (has_block) {
        double total = csum[n] > 1.0 ? csum[n] : 1.0; /* max(1.0, csum[-1]) */
        block_share = (csum[last + 1] - csum[first]) / total;
        Py_ssize_t size = last - first + 1;
        for (Py_ssize_t i = 0; i < size; i++) indents[i] = local[(first + i) * LOCAL_COLUMNS + INDENT_COLUMN];
        qsort(indents, (size_t)size, sizeof(double), compare_doubles);
        /* np.median: the middle value, or the mean of the two middle ones (their sum over 2). */
        block_indent = size % 2 ? indents[size / 2] : (indents[size / 2 - 1] + indents[size / 2]) / 2.0;
    }
    double *before = raw, *after = raw + n, *to_block = raw + 2 * n, *short_run = raw + 3 * n;
    double divisor = (double)(n - 1 > 1 ? n - 1 : 1);
    for (Py_ssize_t i = 0; i < n; i++) {
        const double *own = local + i * LOCAL_COLUMNS;
        double *row = features + i * FEATURE_COLUMNS;
        memcpy(row, own, LOCAL_COLUMNS * sizeof(double));
        double indent = own[INDENT_COLUMN];
        for (int b = 0; b < NEIGHBOURS; b++) {
            double *block = row + LOCAL_COLUMNS + b * NEIGHBOUR_WIDTH;
            Py_ssize_t j = i + neighbour_offsets[b];
            if (j >= 0 && j < n) {
                const double *theirs = local + j * LOCAL_COLUMNS;
                for (int c = 0; c < NEIGHBOUR_WIDTH - 1; c++) block[c] = theirs[neighbour_columns[c]];
                block[NEIGHBOUR_WIDTH - 1] = indent - theirs[INDENT_COLUMN];
            }
            else {
                for (int c = 0; c < NEIGHBOUR_WIDTH - 1; c++) block[c] = -1.0;
                block[NEIGHBOUR_WIDTH - 1] = indent - 0.0;
            }
        }
        double *context = row + LOCAL_COLUMNS + NEIGHBOURS * NEIGHBOUR_WIDTH;
        double here = (double)i;
        if (has_block) {
            context[0] = i >= first && i <= last ? 1.0 : 0.0;
            before[i] = first - i > 0 ? (double)(first - i) : 0.0;
            after[i] = i - last > 0 ? (double)(i - last) : 0.0;
            to_block[i] = i < first ? csum[first] - csum[i + 1] : (i > last ? csum[i] - csum[last + 1] : 0.0);
        }
        else {
            context[0] = 0.0;
            before[i] = after[i] = (double)n;
            to_block[i] = chars_total;
        }
        /* The run of short lines row i belongs to: its length (0 for a row that is not short). */
        if (i == 0 || shorts[i] != shorts[i - 1]) {
            Py_ssize_t end = i + 1;
            while (end < n && shorts[end] == shorts[i]) end++;
            for (Py_ssize_t k = i; k < end; k++) short_run[k] = shorts[i] ? (double)(end - i) : 0.0;
        }
        context[4] = here / divisor;
        context[5] = has_block ? 1.0 : 0.0;
        context[6] = block_share;
        /* Prose rows among the three above and the three below (not counting this one). */
        Py_ssize_t low = i - 3 > 0 ? i - 3 : 0, high = i + 4 < n ? i + 4 : n;
        Py_ssize_t nearby = 0;
        for (Py_ssize_t k = low; k < high; k++) nearby += prose[k] ? 1 : 0;
        context[8] = (double)(nearby - (prose[i] ? 1 : 0));
        context[9] = i == 0 ? 1.0 : (blanks[position[i]] - blanks[position[i - 1] + 1] > 0 ? 1.0 : 0.0);
        context[10] = i == n - 1 ? 1.0 : (blanks[position[i + 1]] - blanks[position[i] + 1] > 0 ? 1.0 : 0.0);
        context[11] = repeat_logs[counts[keys[i]] - 1];
        context[12] = indent - block_indent;
        context[13] = log_rows;
        context[14] = doc_stop;
    }
    PyMem_Free(counts);
    PyMem_Free(csum);
    PyMem_Free(indents);
    *first_out = first;
    *last_out = last;
    return 0;
}

static PyObject *
line_context(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 14) {
        PyErr_SetString(PyExc_TypeError,
                        "line_context(local, short, repeat_keys, chars, prose, block_prose, position, "
                        "blanks_before, repeat_logs, chars_total, log_rows, doc_stop, features, raw) "
                        "takes 14 arguments");
        return NULL;
    }
    double scalars[3];
    for (int i = 0; i < 3; i++) {
        scalars[i] = PyFloat_AsDouble(args[9 + i]);
        if (scalars[i] == -1.0 && PyErr_Occurred()) return NULL;
    }

    enum { LOCAL, SHORT, KEYS, CHARS, PROSE, BLOCK_PROSE, POSITION, BLANKS, LOGS, FEATURES, RAW, COUNT };
    Array a[COUNT];
    memset(a, 0, sizeof a);
    static const char *names[] = {"local", "short", "repeat_keys", "chars", "prose", "block_prose",
                                  "position", "blanks_before", "repeat_logs", "features", "raw"};
    static const char kinds[] = {'d', '?', 'q', 'd', '?', '?', 'q', 'q', 'd', 'd', 'd'};
    static const int dims[] = {2, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2};
    PyObject *objects[] = {args[0], args[1], args[2], args[3], args[4], args[5], args[6],
                           args[7], args[8], args[12], args[13]};
    for (int i = 0; i < COUNT; i++) {
        if (take(objects[i], &a[i], kinds[i], dims[i], i >= FEATURES, "line_context", names[i]) < 0) {
            release(a, COUNT);
            return NULL;
        }
    }
    Py_ssize_t n = a[LOCAL].view.shape[0];
    int shapes_ok = a[LOCAL].view.shape[1] == LOCAL_COLUMNS && a[FEATURES].view.shape[0] == n &&
                    a[FEATURES].view.shape[1] == FEATURE_COLUMNS && a[RAW].view.shape[0] == 4 &&
                    a[RAW].view.shape[1] == n;
    for (int i = SHORT; i <= POSITION; i++) shapes_ok = shapes_ok && a[i].view.shape[0] == n;
    if (!shapes_ok) {
        PyErr_SetString(PyExc_ValueError, "line_context: the arrays' shapes do not agree");
        release(a, COUNT);
        return NULL;
    }
    Py_ssize_t first, last;
    int failed = write_context(n, a[BLANKS].view.shape[0], a[LOGS].view.shape[0], a[LOCAL].view.buf, a[SHORT].view.buf,
                         a[KEYS].view.buf, a[CHARS].view.buf, a[PROSE].view.buf, a[BLOCK_PROSE].view.buf,
                         a[POSITION].view.buf, a[BLANKS].view.buf, a[LOGS].view.buf, scalars[0], scalars[1],
                         scalars[2], a[FEATURES].view.buf, a[RAW].view.buf, &first, &last);
    release(a, COUNT);
    if (failed) return NULL;
    return Py_BuildValue("(nn)", first, last);
}

/* ---- assemble_rows ------------------------------------------------------------------ */

/* numpy's pairwise sum of n doubles (np.add.reduce of a float64 array, before its initial 0.0). */
static double
pairwise(const double *a, Py_ssize_t n)
{
    if (n < 8) {
        double res = 0.0;
        for (Py_ssize_t i = 0; i < n; i++) res += a[i];
        return res;
    }
    if (n <= 128) {
        double r[8];
        for (int j = 0; j < 8; j++) r[j] = a[j];
        Py_ssize_t i;
        for (i = 8; i < n - (n % 8); i += 8)
            for (int j = 0; j < 8; j++) r[j] += a[i + j];
        double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        for (; i < n; i++) res += a[i];
        return res;
    }
    Py_ssize_t half = n / 2;
    half -= half % 8;
    return pairwise(a, half) + pairwise(a + half, n - half);
}

/* The features' columns that hold the log1p of line_context's four raw rows. */
static const int log_columns[4] = {LOCAL_COLUMNS + NEIGHBOURS * NEIGHBOUR_WIDTH + 1,
                                   LOCAL_COLUMNS + NEIGHBOURS * NEIGHBOUR_WIDTH + 2,
                                   LOCAL_COLUMNS + NEIGHBOURS * NEIGHBOUR_WIDTH + 3,
                                   LOCAL_COLUMNS + NEIGHBOURS * NEIGHBOUR_WIDTH + 7};

static PyObject *
assemble_rows(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 11) {
        PyErr_SetString(PyExc_TypeError,
                        "assemble_rows(local, short, repeat_keys, chars, prose, known, position, blanks_before, "
                        "repeat_logs, rows, features) takes 11 arguments");
        return NULL;
    }
    enum { LOCAL, SHORT, KEYS, CHARS, PROSE, KNOWN, POSITION, BLANKS, LOGS, ROWS, FEATURES, COUNT };
    Array a[COUNT];
    memset(a, 0, sizeof a);
    static const char *names[] = {"local",    "short",         "repeat_keys", "chars", "prose",   "known",
                                  "position", "blanks_before", "repeat_logs", "rows",  "features"};
    static const char kinds[] = {'d', '?', 'q', 'd', '?', '?', 'q', 'q', 'd', 'q', 'd'};
    static const int dims[] = {2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2};
    int all_rows = args[ROWS] == Py_None;
    for (int i = 0; i < COUNT; i++) {
        if (i == ROWS && all_rows) continue;
        if (take(args[i], &a[i], kinds[i], dims[i], i == FEATURES, "assemble_rows", names[i]) < 0) {
            release(a, COUNT);
            return NULL;
        }
    }
    Py_ssize_t total_rows = a[LOCAL].view.shape[0];
    Py_ssize_t n = all_rows ? total_rows : a[ROWS].view.shape[0];
    int shapes_ok = a[LOCAL].view.shape[1] == LOCAL_COLUMNS && a[FEATURES].view.shape[0] == n &&
                    a[FEATURES].view.shape[1] == FEATURE_COLUMNS;
    for (int i = SHORT; i <= POSITION; i++) shapes_ok = shapes_ok && a[i].view.shape[0] == total_rows;
    if (!shapes_ok) {
        PyErr_SetString(PyExc_ValueError, "assemble_rows: the arrays' shapes do not agree");
        release(a, COUNT);
        return NULL;
    }
    const long long *rows = all_rows ? NULL : a[ROWS].view.buf;
    for (Py_ssize_t i = 0; rows != NULL && i < n; i++) {
        if (rows[i] < 0 || rows[i] >= total_rows) {
            PyErr_SetString(PyExc_ValueError, "assemble_rows: a row is out of range");
            release(a, COUNT);
            return NULL;
        }
    }
    const double *local = a[LOCAL].view.buf, *chars = a[CHARS].view.buf;
    const char *shorts = a[SHORT].view.buf, *prose = a[PROSE].view.buf, *known = a[KNOWN].view.buf;
    const long long *keys = a[KEYS].view.buf, *position = a[POSITION].view.buf;
    size_t count = (size_t)(n > 0 ? n : 1);
    double *s_local = PyMem_Malloc(count * LOCAL_COLUMNS * sizeof(double));
    double *s_chars = PyMem_Malloc(count * sizeof(double));
    double *products = PyMem_Malloc(count * sizeof(double));
    double *raw = PyMem_Malloc(4 * count * sizeof(double));
    long long *s_keys = PyMem_Malloc(count * sizeof(long long));
    long long *s_position = PyMem_Malloc(count * sizeof(long long));
    char *s_flags = PyMem_Malloc(3 * count);
    if (!s_local || !s_chars || !products || !raw || !s_keys || !s_position || !s_flags) {
        PyMem_Free(s_local), PyMem_Free(s_chars), PyMem_Free(products), PyMem_Free(raw);
        PyMem_Free(s_keys), PyMem_Free(s_position), PyMem_Free(s_flags);
        release(a, COUNT);
        return PyErr_NoMemory();
    }
    char *s_short = s_flags, *s_prose = s_flags + count, *s_block = s_flags + 2 * count;
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_ssize_t r = rows != NULL ? (Py_ssize_t)rows[i] : i;
        memcpy(s_local + i * LOCAL_COLUMNS, local + r * LOCAL_COLUMNS, LOCAL_COLUMNS * sizeof(double));
        s_chars[i] = chars[r];
        s_keys[i] = keys[r];
        s_position[i] = position[r];
        s_short[i] = shorts[r] != 0;
        s_prose[i] = prose[r] != 0;
        s_block[i] = prose[r] != 0 && known[r] == 0;
    }
    /* chars.sum() and np.average(stop, weights=chars): pairwise sums after numpy's initial 0.0. */
    double chars_total = 0.0 + pairwise(s_chars, n);
    double doc_stop = 0.0;
    if (chars_total > 0) {
        for (Py_ssize_t i = 0; i < n; i++) products[i] = s_local[i * LOCAL_COLUMNS + STOP_COLUMN] * s_chars[i];
        doc_stop = (0.0 + pairwise(products, n)) / chars_total;
    }
    Py_ssize_t first = -1, last = -1;
    int failed = 0;
    if (n > 0) {
        double *features = a[FEATURES].view.buf;
        failed = write_context(n, a[BLANKS].view.shape[0], a[LOGS].view.shape[0], s_local, s_short, s_keys, s_chars,
                         s_prose, s_block, s_position, a[BLANKS].view.buf, a[LOGS].view.buf, chars_total,
                         log1p((double)n), doc_stop, features, raw, &first, &last);
        for (int k = 0; !failed && k < 4; k++)
            for (Py_ssize_t i = 0; i < n; i++) features[i * FEATURE_COLUMNS + log_columns[k]] = log1p(raw[k * n + i]);
    }
    PyMem_Free(s_local), PyMem_Free(s_chars), PyMem_Free(products), PyMem_Free(raw);
    PyMem_Free(s_keys), PyMem_Free(s_position), PyMem_Free(s_flags);
    release(a, COUNT);
    if (failed) return NULL;
    return Py_BuildValue("(nn)", first, last);
}

/* ---- calibrate ---------------------------------------------------------------------- */

static PyObject *
calibrate(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 4) {
        PyErr_SetString(PyExc_TypeError, "calibrate(raw, xp, fp, out) takes 4 arguments");
        return NULL;
    }
    Array a[4];
    memset(a, 0, sizeof a);
    static const char *names[] = {"raw", "xp", "fp", "out"};
    for (int i = 0; i < 4; i++) {
        if (take(args[i], &a[i], 'd', 1, i == 3, "calibrate", names[i]) < 0) {
            release(a, 4);
            return NULL;
        }
    }
    Py_ssize_t n = a[0].view.shape[0], points = a[1].view.shape[0];
    if (points < 1 || a[2].view.shape[0] != points || a[3].view.shape[0] != n) {
        PyErr_SetString(PyExc_ValueError, "calibrate: xp and fp need one value each per point (at least one), "
                                          "out one per raw score");
        release(a, 4);
        return NULL;
    }
    const double *raw = a[0].view.buf, *xp = a[1].view.buf, *fp = a[2].view.buf;
    double *out = a[3].view.buf;
    Py_ssize_t top = points - 1;
    for (Py_ssize_t i = 0; i < n; i++) {
        double x = raw[i];
        if (top == 0) { /* numpy's case of one point: NaN included */
            out[i] = fp[0];
            continue;
        }
        if (isnan(x)) {
            out[i] = x;
            continue;
        }
        Py_ssize_t lo = 0, hi = points; /* bisect_right */
        while (lo < hi) {
            Py_ssize_t mid = lo + (hi - lo) / 2;
            if (x < xp[mid]) hi = mid;
            else lo = mid + 1;
        }
        Py_ssize_t j = lo - 1;
        if (j < 0) out[i] = fp[0];
        else if (j >= top) out[i] = fp[top];
        else if (xp[j] == x) out[i] = fp[j];
        else {
            double slope = (fp[j + 1] - fp[j]) / (xp[j + 1] - xp[j]);
            double y = slope * (x - xp[j]) + fp[j];
            if (isnan(y)) {
                y = slope * (x - xp[j + 1]) + fp[j + 1];
                if (isnan(y) && fp[j] == fp[j + 1]) y = fp[j];
            }
            out[i] = y;
        }
    }
    release(a, 4);
    Py_RETURN_NONE;
}

/* ---- module ----------------------------------------------------------------------- */

static PyMethodDef methods[] = {
    {"line_context", (PyCFunction)(void (*)(void))line_context, METH_FASTCALL,
     "line_context(local, short, repeat_keys, chars, prose, block_prose, position, blanks_before, "
     "repeat_logs, chars_total, log_rows, doc_stop, features, raw) -> (first, last): a peel round's "
     "feature rows (see textfix.native.pure)."},
    {"assemble_rows", (PyCFunction)(void (*)(void))assemble_rows, METH_FASTCALL,
     "assemble_rows(local, short, repeat_keys, chars, prose, known, position, blanks_before, repeat_logs, rows, "
     "features) -> (first, last): the feature rows of the table's rows (None: all), logs and sums included "
     "(see textfix.native.pure)."},
    {"calibrate", (PyCFunction)(void (*)(void))calibrate, METH_FASTCALL,
     "calibrate(raw, xp, fp, out): numpy.interp(raw, xp, fp) into out (see textfix.native.pure)."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT, "textfix.native._boiler",
    "BP401's peel-round and calibration kernels (the semantics are pure.py's).", -1, methods,
};

PyMODINIT_FUNC
PyInit__boiler(void)
{
    return PyModule_Create(&module_def);
}
