/* textfix.native._native: BP401's tree-ensemble walk (plain C against the CPython API).
 *
 * score_trees returns exactly what its reference in pure.py returns; pure.py defines the
 * semantics, this file only makes it fast. Arrays come in through the buffer protocol: no
 * numpy headers at build time. (The per-line character counts are in _lines.c, beside the
 * rest of a line's shape row.)
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>

#include "_buffers.h"

/* ---- score_trees ------------------------------------------------------------------ */

/* Rows walked through one tree before the next tree (their features: 64 columns, 128 KB). */
#define SCORE_BLOCK_ROWS 256

static PyObject *
score_trees(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 9) {
        PyErr_SetString(PyExc_TypeError,
                        "score_trees(features, feature, threshold, left, right, value, baseline, depth, out) "
                        "takes 9 arguments");
        return NULL;
    }
    double baseline = PyFloat_AsDouble(args[6]);
    if (baseline == -1.0 && PyErr_Occurred()) return NULL;
    Py_ssize_t depth = PyLong_AsSsize_t(args[7]);
    if (depth == -1 && PyErr_Occurred()) return NULL;

    Array a[7];
    memset(a, 0, sizeof a);
    static const char *names[] = {"features", "feature", "threshold", "left", "right", "value", "out"};
    static const char kinds[] = {'d', 'q', 'd', 'q', 'q', 'd', 'd'};
    static const int dims[] = {2, 2, 2, 2, 2, 2, 1};
    PyObject *objects[] = {args[0], args[1], args[2], args[3], args[4], args[5], args[8]};
    for (int i = 0; i < 7; i++) {
        if (take(objects[i], &a[i], kinds[i], dims[i], i == 6, "score_trees", names[i]) < 0) {
            release(a, 7);
            return NULL;
        }
    }
    Py_ssize_t rows = a[0].view.shape[0], columns = a[0].view.shape[1];
    Py_ssize_t trees = a[1].view.shape[0], width = a[1].view.shape[1];
    for (int i = 2; i < 6; i++) {
        if (a[i].view.shape[0] != trees || a[i].view.shape[1] != width) {
            PyErr_Format(PyExc_ValueError, "score_trees: %s must have the shape of feature", names[i]);
            release(a, 7);
            return NULL;
        }
    }
    if (a[6].view.shape[0] != rows) {
        PyErr_SetString(PyExc_ValueError, "score_trees: out must have one item per row of features");
        release(a, 7);
        return NULL;
    }
    const double *x = a[0].view.buf;
    const long long *feature = a[1].view.buf;
    const double *threshold = a[2].view.buf;
    const long long *left = a[3].view.buf, *right = a[4].view.buf;
    const double *value = a[5].view.buf;
    double *out = a[6].view.buf;
    /* Indices are checked once, so the walk below cannot read outside the arrays. */
    for (Py_ssize_t k = 0; k < trees * width; k++) {
        if (feature[k] < 0 || feature[k] >= columns || left[k] < 0 || left[k] >= width || right[k] < 0 ||
            right[k] >= width) {
            PyErr_SetString(PyExc_ValueError, "score_trees: a node points outside its tree or the features");
            release(a, 7);
            return NULL;
        }
    }
    if (width == 0 && trees > 0 && rows > 0) {
        PyErr_SetString(PyExc_ValueError, "score_trees: trees without nodes");
        release(a, 7);
        return NULL;
    }
    Py_BEGIN_ALLOW_THREADS
    /* Tree-major over blocks of rows: one tree's nodes stay in the cache while every row of the
     * block walks it (row-major walking streamed the whole ensemble through the cache per row).
     * Each row still adds its leaf values tree by tree, in order: the same sums bit for bit. */
    for (Py_ssize_t start = 0; start < rows; start += SCORE_BLOCK_ROWS) {
        Py_ssize_t stop = start + SCORE_BLOCK_ROWS < rows ? start + SCORE_BLOCK_ROWS : rows;
        for (Py_ssize_t t = 0; t < trees; t++) {
            Py_ssize_t base = t * width;
            const long long *tf = feature + base, *tl = left + base, *tr = right + base;
            const double *tt = threshold + base, *tv = value + base;
            Py_ssize_t r = start;
            /* Four rows at a time, without branches: four independent walks overlap in the
             * processor. A leaf points to itself, so a walk that reached one stays there. */
            for (; r + 4 <= stop; r += 4) {
                const double *r0 = x + r * columns, *r1 = r0 + columns, *r2 = r1 + columns, *r3 = r2 + columns;
                long long n0 = 0, n1 = 0, n2 = 0, n3 = 0;
                for (Py_ssize_t step = 0; step < depth; step++) {
                    /* right unless <= (so NaN goes right) */
                    long long g0 = !(r0[tf[n0]] <= tt[n0]), g1 = !(r1[tf[n1]] <= tt[n1]);
                    long long g2 = !(r2[tf[n2]] <= tt[n2]), g3 = !(r3[tf[n3]] <= tt[n3]);
                    n0 = tl[n0] + g0 * (tr[n0] - tl[n0]);
                    n1 = tl[n1] + g1 * (tr[n1] - tl[n1]);
                    n2 = tl[n2] + g2 * (tr[n2] - tl[n2]);
                    n3 = tl[n3] + g3 * (tr[n3] - tl[n3]);
                }
                /* Sequential over trees, the first value taken as is: numpy's cumsum order. */
                if (t == 0) {
                    out[r] = tv[n0];
                    out[r + 1] = tv[n1];
                    out[r + 2] = tv[n2];
                    out[r + 3] = tv[n3];
                }
                else {
                    out[r] += tv[n0];
                    out[r + 1] += tv[n1];
                    out[r + 2] += tv[n2];
                    out[r + 3] += tv[n3];
                }
            }
            for (; r < stop; r++) {
                const double *row = x + r * columns;
                Py_ssize_t node = 0;
                for (Py_ssize_t step = 0; step < depth; step++) {
                    Py_ssize_t next = row[tf[node]] <= tt[node] ? (Py_ssize_t)tl[node] : (Py_ssize_t)tr[node];
                    if (next == node) break; /* a leaf: every further step stays here */
                    node = next;
                }
                out[r] = t == 0 ? tv[node] : out[r] + tv[node];
            }
        }
        for (Py_ssize_t r = start; r < stop; r++) out[r] = trees > 0 ? baseline + out[r] : baseline + 0.0;
    }
    Py_END_ALLOW_THREADS
    release(a, 7);
    Py_RETURN_NONE;
}

/* ---- module ----------------------------------------------------------------------- */

static PyMethodDef methods[] = {
    {"score_trees", (PyCFunction)(void (*)(void))score_trees, METH_FASTCALL,
     "score_trees(features, feature, threshold, left, right, value, baseline, depth, out): "
     "raw tree-ensemble scores (see textfix.native.pure)."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT, "textfix.native._native",
    "The compiled kernels of textfix.native (the semantics are pure.py's).", -1, methods,
};

PyMODINIT_FUNC
PyInit__native(void)
{
    return PyModule_Create(&module_def);
}
