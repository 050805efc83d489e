/* textfix.native._boiler: a peel round's feature rows of the chrome-line model (BP401).
 *
 * line_context writes exactly what its reference in pure.py writes; pure.py defines the
 * semantics, this file only makes it fast (one call per peel round instead of some sixty
 * numpy calls on arrays of a few hundred rows). Only sums in order, comparisons and copies
 * are here: the log1p of the four raw columns, np.average's pairwise sum and log1p(n) stay
 * numpy's (the caller computes them), so both paths give the same bits on any machine.
 * Arrays come in through the buffer protocol: no numpy headers at build time.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdlib.h>
#include <string.h>

#include "_buffers.h"

#define LOCAL_COLUMNS 21
#define NEIGHBOURS 4
#define NEIGHBOUR_WIDTH 7
#define CONTEXT_COLUMNS 15
#define FEATURE_COLUMNS (LOCAL_COLUMNS + NEIGHBOURS * NEIGHBOUR_WIDTH + CONTEXT_COLUMNS)
#define INDENT_COLUMN 17

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
    double chars_total = scalars[0], log_rows = scalars[1], doc_stop = scalars[2];

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
    Py_ssize_t m = a[BLANKS].view.shape[0];
    Py_ssize_t logs = a[LOGS].view.shape[0];
    int shapes_ok = a[LOCAL].view.shape[1] == LOCAL_COLUMNS && a[FEATURES].view.shape[0] == n &&
                    a[FEATURES].view.shape[1] == FEATURE_COLUMNS && a[RAW].view.shape[0] == 4 &&
                    a[RAW].view.shape[1] == n;
    for (int i = SHORT; i <= POSITION; i++) shapes_ok = shapes_ok && a[i].view.shape[0] == n;
    if (!shapes_ok) {
        PyErr_SetString(PyExc_ValueError, "line_context: the arrays' shapes do not agree");
        release(a, COUNT);
        return NULL;
    }
    const double *local = a[LOCAL].view.buf, *chars = a[CHARS].view.buf, *repeat_logs = a[LOGS].view.buf;
    const char *shorts = a[SHORT].view.buf, *prose = a[PROSE].view.buf, *block_prose = a[BLOCK_PROSE].view.buf;
    const long long *keys = a[KEYS].view.buf, *position = a[POSITION].view.buf, *blanks = a[BLANKS].view.buf;
    double *features = a[FEATURES].view.buf, *raw = a[RAW].view.buf;

    /* Indices read through: checked first, so the loops below stay in bounds. */
    long long top_key = -1;
    for (Py_ssize_t i = 0; i < n; i++) {
        if (position[i] < 0 || position[i] + 1 >= m || keys[i] < 0) {
            PyErr_SetString(PyExc_ValueError, "line_context: a position or repeat key is out of range");
            release(a, COUNT);
            return NULL;
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
        release(a, COUNT);
        return PyErr_NoMemory();
    }
    for (Py_ssize_t i = 0; i < n; i++) counts[keys[i]]++;
    for (Py_ssize_t i = 0; i < n; i++) {
        if (counts[keys[i]] > logs) {
            PyErr_SetString(PyExc_ValueError, "line_context: repeat_logs is shorter than a key's count");
            PyMem_Free(counts);
            PyMem_Free(csum);
            PyMem_Free(indents);
            release(a, COUNT);
            return NULL;
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
    release(a, COUNT);
    return Py_BuildValue("(nn)", first, last);
}

/* ---- module ----------------------------------------------------------------------- */

static PyMethodDef methods[] = {
    {"line_context", (PyCFunction)(void (*)(void))line_context, METH_FASTCALL,
     "line_context(local, short, repeat_keys, chars, prose, block_prose, position, blanks_before, "
     "repeat_logs, chars_total, log_rows, doc_stop, features, raw) -> (first, last): a peel round's "
     "feature rows (see textfix.native.pure)."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT, "textfix.native._boiler",
    "BP401's peel-round context kernel (the semantics are pure.py's).", -1, methods,
};

PyMODINIT_FUNC
PyInit__boiler(void)
{
    return PyModule_Create(&module_def);
}
