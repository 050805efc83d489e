/* textfix.native._fused: the fused-word family's run screen, one pass over a document.
 *
 * fused_screen(text, classes, known, old) walks the letter runs of text (maximal stretches of
 * code points whose class byte, from letter_classes(text), is not 0: a letter or a mark) and
 * returns, in order of first occurrence and each once, the runs that are not in `known`,
 * split into those not in `old` either (to be screened) and those in `old` (remembered from
 * the previous generation), and whether the text holds a punctuation join's prefilter hit
 * (`[.!?]\p{Lu}\p{Ll}|[,;]\p{Ll}\p{Ll}`, the classes' upper and lower bits).
 * `known` and `old` are sets or frozensets of str, only read. A run is made into a str once
 * per call (a local table of the runs met, over the text, says whether it was met before).
 *
 * unseen_chunks(text, known, old) does the same for the chunks str.split() gives (the shared
 * chunk screen, textfix.core.chunks).
 *
 * Their semantics are textfix.native.pure.fused_screen's (which reads the letters and the
 * prefilter with regex, without classes) and unseen_chunks's (the references);
 * tests/test_native_fused.py checks the two against each other. A pure function: no state.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

/* The class bits of letter_classes (textfix.native.pure: LETTER, MARK, UPPER, LOWER). */
#define C_UPPER 4
#define C_LOWER 8

/* The runs met in this call: an open-addressing table of (start, length, hash) over the text,
 * so that a run seen before in the document costs a hash and a compare, and no str. */
typedef struct {
    Py_ssize_t start;
    Py_ssize_t length; /* 0: an empty slot */
    uint64_t hash;
} Met;

typedef struct {
    Met *slots;
    size_t mask;
    size_t used;
} MetTable;

static int
met_init(MetTable *table, size_t slots)
{
    table->slots = PyMem_Calloc(slots, sizeof(Met));
    table->mask = slots - 1;
    table->used = 0;
    if (table->slots == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    return 0;
}

static int
met_grow(MetTable *table)
{
    size_t size = (table->mask + 1) * 2;
    Met *slots = PyMem_Calloc(size, sizeof(Met));
    if (slots == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    for (size_t i = 0; i <= table->mask; i++) {
        Met entry = table->slots[i];
        if (entry.length == 0) continue;
        size_t at = (size_t)entry.hash & (size - 1);
        while (slots[at].length != 0) at = (at + 1) & (size - 1);
        slots[at] = entry;
    }
    PyMem_Free(table->slots);
    table->slots = slots;
    table->mask = size - 1;
    return 0;
}

/* 1 when the run text[start, start + length) was met before (else it is recorded), -1 on error. */
static int
met_before(MetTable *table, const char *data, int kind, Py_ssize_t start, Py_ssize_t length)
{
    const char *run = data + start * kind;
    size_t bytes = (size_t)length * (size_t)kind;
    uint64_t hash = 14695981039346656037ULL;
    for (size_t i = 0; i < bytes; i++) hash = (hash ^ (unsigned char)run[i]) * 1099511628211ULL;
    size_t at = (size_t)hash & table->mask;
    for (;;) {
        Met *slot = &table->slots[at];
        if (slot->length == 0) break;
        if (slot->hash == hash && slot->length == length && memcmp(data + slot->start * kind, run, bytes) == 0)
            return 1;
        at = (at + 1) & table->mask;
    }
    table->slots[at] = (Met){start, length, hash};
    if (++table->used * 2 > table->mask + 1 && met_grow(table) < 0) return -1;
    return 0;
}

/* Sort text[start:end] (a letter run or a chunk) the first time this text holds it: into fresh
 * when it is in neither known nor old, into recalled when it is in old only. -1 on an error. */
static int
sort_piece(MetTable *met, PyObject *text, Py_ssize_t start, Py_ssize_t end, PyObject *known, PyObject *old,
           PyObject *fresh, PyObject *recalled)
{
    int before = met_before(met, PyUnicode_DATA(text), PyUnicode_KIND(text), start, end - start);
    if (before != 0) return before < 0 ? -1 : 0;
    PyObject *piece = PyUnicode_Substring(text, start, end);
    if (piece == NULL) return -1;
    int found = PySet_Contains(known, piece);
    if (found == 0) {
        int remembered = PySet_Contains(old, piece);
        found = remembered < 0 ? -1 : PyList_Append(remembered ? recalled : fresh, piece);
    }
    Py_DECREF(piece);
    return found < 0 ? -1 : 0;
}

static PyObject *
fused_screen(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 4 || !PyUnicode_Check(args[0]) || !PyBytes_Check(args[1]) || !PyAnySet_Check(args[2]) ||
        !PyAnySet_Check(args[3])) {
        PyErr_SetString(PyExc_TypeError,
                        "fused_screen() wants (text: str, classes: bytes, known: set[str], old: set[str])");
        return NULL;
    }
    PyObject *text = args[0], *known = args[2], *old = args[3];
    Py_ssize_t size = PyUnicode_GET_LENGTH(text);
    if (PyBytes_GET_SIZE(args[1]) != size) {
        PyErr_SetString(PyExc_ValueError, "fused_screen(): classes must hold one byte per code point of text");
        return NULL;
    }
    const unsigned char *classes = (const unsigned char *)PyBytes_AS_STRING(args[1]);
    const char *data = PyUnicode_DATA(text);
    int kind = PyUnicode_KIND(text);
    MetTable met = {NULL, 0, 0};
    PyObject *fresh = PyList_New(0);
    PyObject *recalled = PyList_New(0);
    if (fresh == NULL || recalled == NULL || met_init(&met, 1024) < 0) goto error;
    int punctuation = 0;
    Py_ssize_t at = 0;
    while (at < size) {
        if (classes[at] == 0) {
            if (!punctuation && at + 2 < size) {
                Py_UCS4 mark = PyUnicode_READ(kind, data, at);
                unsigned char next = classes[at + 1], after = classes[at + 2];
                if (mark == '.' || mark == '!' || mark == '?')
                    punctuation = (next & C_UPPER) && (after & C_LOWER);
                else if (mark == ',' || mark == ';')
                    punctuation = (next & C_LOWER) && (after & C_LOWER);
            }
            at++;
            continue;
        }
        Py_ssize_t start = at;
        while (at < size && classes[at] != 0) at++;
        if (sort_piece(&met, text, start, at, known, old, fresh, recalled) < 0) goto error;
    }
    PyMem_Free(met.slots);
    return Py_BuildValue("(NNO)", fresh, recalled, punctuation ? Py_True : Py_False);
error:
    PyMem_Free(met.slots);
    Py_XDECREF(fresh);
    Py_XDECREF(recalled);
    return NULL;
}

/* unseen_chunks(text, known, old): the same for the white-space-delimited chunks of text (str.split()). */
static PyObject *
unseen_chunks(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 3 || !PyUnicode_Check(args[0]) || !PyAnySet_Check(args[1]) || !PyAnySet_Check(args[2])) {
        PyErr_SetString(PyExc_TypeError, "unseen_chunks() wants (text: str, known: set[str], old: set[str])");
        return NULL;
    }
    PyObject *text = args[0], *known = args[1], *old = args[2];
    Py_ssize_t size = PyUnicode_GET_LENGTH(text);
    const char *data = PyUnicode_DATA(text);
    int kind = PyUnicode_KIND(text);
    MetTable met = {NULL, 0, 0};
    PyObject *fresh = PyList_New(0);
    PyObject *recalled = PyList_New(0);
    if (fresh == NULL || recalled == NULL || met_init(&met, 1024) < 0) goto error;
    Py_ssize_t at = 0;
    while (at < size) {
        if (Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, at))) {
            at++;
            continue;
        }
        Py_ssize_t start = at;
        while (at < size && !Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, at))) at++;
        if (sort_piece(&met, text, start, at, known, old, fresh, recalled) < 0) goto error;
    }
    PyMem_Free(met.slots);
    return Py_BuildValue("(NN)", fresh, recalled);
error:
    PyMem_Free(met.slots);
    Py_XDECREF(fresh);
    Py_XDECREF(recalled);
    return NULL;
}

static PyMethodDef methods[] = {
    {"unseen_chunks", (PyCFunction)(void (*)(void))unseen_chunks, METH_FASTCALL,
     "unseen_chunks(text, known, old): the distinct chunks of text.split() not in known, as\n"
     "(in neither known nor old, in old), each in order of first occurrence."},
    {"fused_screen", (PyCFunction)(void (*)(void))fused_screen, METH_FASTCALL,
     "fused_screen(text, classes, known, old): the distinct letter runs of text not in known, as\n"
     "(in neither known nor old, in old), each in order of first occurrence, and whether a\n"
     "punctuation join may be there."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT, "textfix.native._fused",
    "The fused-word and chunk screens in one pass (see textfix.native.pure.fused_screen, unseen_chunks).", -1, methods,
};

PyMODINIT_FUNC
PyInit__fused(void)
{
    return PyModule_Create(&module_def);
}
