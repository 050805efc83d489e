/* textfix.native._names: the function-word screen of the document-language view, in C.
 *
 * ``WordScreen(own, foreign)`` holds two immutable word tables; ``counts(text)`` returns what
 * ``textfix.native.pure.WordScreen.counts`` returns: the number of whitespace-separated tokens
 * of ``text`` (``len(text.split())``), and how many *distinct* tokens are in ``own`` and how
 * many distinct others are in ``foreign``. The pure version splits the text into new string
 * objects and intersects sets (an allocation and a hash per token); this one walks the code
 * points once, hashing each token as it goes, and looks it up in its own open-addressing table.
 *
 * Whitespace is ``Py_UNICODE_ISSPACE``, the test ``str.split()`` and ``str.isspace()`` use.
 * The tables are built once and never change; a call keeps no state between calls.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    Py_ssize_t offset; /* into the code-point pool */
    Py_ssize_t length;
    uint64_t hash;
    int own;           /* 1: an own word, 0: a foreign one */
} Entry;

typedef struct {
    PyObject_HEAD
    Py_UCS4 *pool;
    Entry *entries;
    Py_ssize_t count;
    Py_ssize_t *slots; /* index into entries, -1 empty; capacity is a power of two */
    Py_ssize_t mask;
} WordScreen;

#define FNV_OFFSET 1469598103934665603ULL
#define FNV_PRIME 1099511628211ULL

static inline uint64_t fnv_step(uint64_t hash, Py_UCS4 ch) { return (hash ^ (uint64_t)ch) * FNV_PRIME; }

static Py_ssize_t find_entry(const WordScreen *self, uint64_t hash, int kind, const void *data, Py_ssize_t start,
                             Py_ssize_t length) {
    Py_ssize_t slot = (Py_ssize_t)(hash & (uint64_t)self->mask);
    for (;;) {
        Py_ssize_t index = self->slots[slot];
        if (index < 0) {
            return -1;
        }
        const Entry *entry = &self->entries[index];
        if (entry->hash == hash && entry->length == length) {
            const Py_UCS4 *word = self->pool + entry->offset;
            Py_ssize_t i = 0;
            while (i < length && word[i] == PyUnicode_READ(kind, data, start + i)) {
                i++;
            }
            if (i == length) {
                return index;
            }
        }
        slot = (slot + 1) & self->mask;
    }
}

/* Add every string of ``words`` (own: 1 or 0); a word already present keeps its first flag. */
static int add_words(WordScreen *self, PyObject *words, int own, Py_ssize_t *pool_used, Py_ssize_t pool_size) {
    PyObject *iterator = PyObject_GetIter(words);
    if (iterator == NULL) {
        return -1;
    }
    PyObject *item;
    while ((item = PyIter_Next(iterator)) != NULL) {
        if (!PyUnicode_Check(item)) {
            Py_DECREF(item);
            Py_DECREF(iterator);
            PyErr_SetString(PyExc_TypeError, "WordScreen words must be str");
            return -1;
        }
        Py_ssize_t length = PyUnicode_GET_LENGTH(item);
        int kind = PyUnicode_KIND(item);
        const void *data = PyUnicode_DATA(item);
        uint64_t hash = FNV_OFFSET;
        for (Py_ssize_t i = 0; i < length; i++) {
            hash = fnv_step(hash, PyUnicode_READ(kind, data, i));
        }
        if (find_entry(self, hash, kind, data, 0, length) < 0) {
            if (*pool_used + length > pool_size) {
                Py_DECREF(item);
                Py_DECREF(iterator);
                PyErr_SetString(PyExc_RuntimeError, "WordScreen: the words changed while being read");
                return -1;
            }
            Entry *entry = &self->entries[self->count];
            entry->offset = *pool_used;
            entry->length = length;
            entry->hash = hash;
            entry->own = own;
            for (Py_ssize_t i = 0; i < length; i++) {
                self->pool[*pool_used + i] = PyUnicode_READ(kind, data, i);
            }
            *pool_used += length;
            Py_ssize_t slot = (Py_ssize_t)(hash & (uint64_t)self->mask);
            while (self->slots[slot] >= 0) {
                slot = (slot + 1) & self->mask;
            }
            self->slots[slot] = self->count;
            self->count++;
        }
        Py_DECREF(item);
    }
    Py_DECREF(iterator);
    return PyErr_Occurred() ? -1 : 0;
}

static void WordScreen_dealloc(WordScreen *self) {
    PyMem_Free(self->pool);
    PyMem_Free(self->entries);
    PyMem_Free(self->slots);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static int WordScreen_init(WordScreen *self, PyObject *args, PyObject *kwds) {
    static char *keywords[] = {"own", "foreign", NULL};
    PyObject *own_arg, *foreign_arg;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "OO", keywords, &own_arg, &foreign_arg)) {
        return -1;
    }
    if (self->slots != NULL) {
        PyErr_SetString(PyExc_RuntimeError, "WordScreen is immutable: already initialised");
        return -1;
    }
    PyObject *own = PySequence_List(own_arg);
    if (own == NULL) {
        return -1;
    }
    PyObject *foreign = PySequence_List(foreign_arg);
    if (foreign == NULL) {
        Py_DECREF(own);
        return -1;
    }
    Py_ssize_t words = PyList_GET_SIZE(own) + PyList_GET_SIZE(foreign);
    Py_ssize_t pool_size = 0;
    for (int part = 0; part < 2; part++) {
        PyObject *list = part ? foreign : own;
        for (Py_ssize_t i = 0; i < PyList_GET_SIZE(list); i++) {
            PyObject *item = PyList_GET_ITEM(list, i);
            if (!PyUnicode_Check(item)) {
                Py_DECREF(own);
                Py_DECREF(foreign);
                PyErr_SetString(PyExc_TypeError, "WordScreen words must be str");
                return -1;
            }
            pool_size += PyUnicode_GET_LENGTH(item);
        }
    }
    Py_ssize_t capacity = 8;
    while (capacity < 2 * words + 2) {
        capacity *= 2;
    }
    self->pool = PyMem_Malloc(sizeof(Py_UCS4) * (size_t)(pool_size + 1));
    self->entries = PyMem_Malloc(sizeof(Entry) * (size_t)(words + 1));
    self->slots = PyMem_Malloc(sizeof(Py_ssize_t) * (size_t)capacity);
    if (self->pool == NULL || self->entries == NULL || self->slots == NULL) {
        Py_DECREF(own);
        Py_DECREF(foreign);
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t i = 0; i < capacity; i++) {
        self->slots[i] = -1;
    }
    self->mask = capacity - 1;
    self->count = 0;
    Py_ssize_t pool_used = 0;
    int failed = add_words(self, own, 1, &pool_used, pool_size) < 0 ||
                 add_words(self, foreign, 0, &pool_used, pool_size) < 0;
    Py_DECREF(own);
    Py_DECREF(foreign);
    return failed ? -1 : 0;
}

static int compare_indices(const void *a, const void *b) {
    Py_ssize_t x = *(const Py_ssize_t *)a, y = *(const Py_ssize_t *)b;
    return (x > y) - (x < y);
}

static PyObject *WordScreen_counts(WordScreen *self, PyObject *text) {
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "counts() takes a str");
        return NULL;
    }
    if (self->slots == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "WordScreen was not initialised");
        return NULL;
    }
    Py_ssize_t length = PyUnicode_GET_LENGTH(text);
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t tokens = 0, found = 0, capacity = 0;
    Py_ssize_t *matches = NULL;
    /* One loop per string kind (typed pointers, no kind switch per character). */
#define SCAN_TOKENS(TYPE)                                                                        \
    do {                                                                                         \
        const TYPE *chars = (const TYPE *)data;                                                  \
        Py_ssize_t i = 0;                                                                        \
        while (i < length) {                                                                     \
            while (i < length && Py_UNICODE_ISSPACE(chars[i])) {                                 \
                i++;                                                                             \
            }                                                                                    \
            if (i >= length) {                                                                   \
                break;                                                                           \
            }                                                                                    \
            Py_ssize_t start = i;                                                                \
            uint64_t hash = FNV_OFFSET;                                                          \
            while (i < length && !Py_UNICODE_ISSPACE(chars[i])) {                                \
                hash = fnv_step(hash, chars[i]);                                                 \
                i++;                                                                             \
            }                                                                                    \
            tokens++;                                                                            \
            Py_ssize_t index = find_entry(self, hash, kind, data, start, i - start);             \
            if (index >= 0) {                                                                    \
                if (found == capacity) {                                                         \
                    capacity = capacity ? 2 * capacity : 64;                                     \
                    Py_ssize_t *grown = PyMem_Realloc(matches, sizeof(Py_ssize_t) * (size_t)capacity); \
                    if (grown == NULL) {                                                         \
                        PyMem_Free(matches);                                                     \
                        return PyErr_NoMemory();                                                 \
                    }                                                                            \
                    matches = grown;                                                             \
                }                                                                                \
                matches[found++] = index;                                                        \
            }                                                                                    \
        }                                                                                        \
    } while (0)
    if (kind == PyUnicode_1BYTE_KIND) {
        SCAN_TOKENS(Py_UCS1);
    } else if (kind == PyUnicode_2BYTE_KIND) {
        SCAN_TOKENS(Py_UCS2);
    } else {
        SCAN_TOKENS(Py_UCS4);
    }
#undef SCAN_TOKENS
    Py_ssize_t own = 0, foreign = 0;
    if (found) {
        qsort(matches, (size_t)found, sizeof(Py_ssize_t), compare_indices);
        for (Py_ssize_t k = 0; k < found; k++) {
            if (k == 0 || matches[k] != matches[k - 1]) {
                if (self->entries[matches[k]].own) {
                    own++;
                } else {
                    foreign++;
                }
            }
        }
    }
    PyMem_Free(matches);
    return Py_BuildValue("(nnn)", tokens, own, foreign);
}

static PyMethodDef WordScreen_methods[] = {
    {"counts", (PyCFunction)WordScreen_counts, METH_O,
     "counts(text) -> (tokens, own, foreign): len(text.split()), distinct own words, distinct other foreign words."},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject WordScreenType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "textfix.native._names.WordScreen",
    .tp_basicsize = sizeof(WordScreen),
    .tp_dealloc = (destructor)WordScreen_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "WordScreen(own, foreign): immutable tables of function words; counts(text) screens a stretch.",
    .tp_methods = WordScreen_methods,
    .tp_init = (initproc)WordScreen_init,
    .tp_new = PyType_GenericNew,
};

/* ---- ascii_name_key: the name key of an ASCII spelling (pure reference: native.pure.ascii_name_key) ---- */

/* The steps of native.pure.NAME_KEY_STEPS, in order: each as str.replace (left to right, non-overlapping). */
static const char *const KEY_STEPS[][2] = {
    {"tch", "ch"}, {"kh", "k"}, {"ch", "k"}, {"dh", "d"}, {"ou", "u"},
    {"w", "v"},    {"y", "i"},  {"j", "i"},  {"ck", "k"}, {"ph", "f"},
};

/* One replace pass of src[0:n] into dst; returns the new length (never longer: every step shortens or keeps). */
static Py_ssize_t replace_pass(const char *src, Py_ssize_t n, char *dst, const char *old, const char *new_) {
    Py_ssize_t old_len = (Py_ssize_t)strlen(old), new_len = (Py_ssize_t)strlen(new_);
    Py_ssize_t i = 0, out = 0;
    while (i < n) {
        if (i + old_len <= n && memcmp(src + i, old, (size_t)old_len) == 0) {
            memcpy(dst + out, new_, (size_t)new_len);
            out += new_len;
            i += old_len;
        } else {
            dst[out++] = src[i++];
        }
    }
    return out;
}

static PyObject *ascii_name_key(PyObject *self, PyObject *arg) {
    (void)self;
    if (!PyUnicode_Check(arg)) {
        PyErr_SetString(PyExc_TypeError, "ascii_name_key() takes a str");
        return NULL;
    }
    if (!PyUnicode_IS_ASCII(arg)) {
        Py_RETURN_NONE;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(arg);
    const char *text = (const char *)PyUnicode_1BYTE_DATA(arg);
    char small[2][128];
    char *heap = NULL;
    char *a = small[0], *b = small[1];
    if (n > 128) {
        heap = PyMem_Malloc(2 * (size_t)n);
        if (heap == NULL) {
            return PyErr_NoMemory();
        }
        a = heap;
        b = heap + n;
    }
    Py_ssize_t len = 0;
    for (Py_ssize_t i = 0; i < n; i++) { /* lower case (ASCII: what casefold does), apostrophes dropped */
        char c = text[i];
        if (c == '\'') {
            continue;
        }
        a[len++] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
    }
    for (size_t step = 0; step < sizeof(KEY_STEPS) / sizeof(KEY_STEPS[0]); step++) {
        len = replace_pass(a, len, b, KEY_STEPS[step][0], KEY_STEPS[step][1]);
        char *swap = a;
        a = b;
        b = swap;
    }
    Py_ssize_t out = 0; /* a run of one character (not a line break: re's ".") becomes one */
    for (Py_ssize_t i = 0; i < len; i++) {
        if (out > 0 && a[i] == a[out - 1] && a[i] != '\n') {
            continue;
        }
        a[out++] = a[i];
    }
    PyObject *key = PyUnicode_FromStringAndSize(a, out);
    PyMem_Free(heap);
    return key;
}

static PyMethodDef names_functions[] = {
    {"ascii_name_key", (PyCFunction)ascii_name_key, METH_O,
     "ascii_name_key(spelling) -> the name key of an ASCII spelling (gazetteer.name_key), else None."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef names_module = {
    PyModuleDef_HEAD_INIT, "textfix.native._names",
    "The function-word screen of the document-language view; the name key of ASCII spellings.", -1,
    names_functions,
};

PyMODINIT_FUNC PyInit__names(void) {
    if (PyType_Ready(&WordScreenType) < 0) {
        return NULL;
    }
    PyObject *module = PyModule_Create(&names_module);
    if (module == NULL) {
        return NULL;
    }
    Py_INCREF(&WordScreenType);
    if (PyModule_AddObject(module, "WordScreen", (PyObject *)&WordScreenType) < 0) {
        Py_DECREF(&WordScreenType);
        Py_DECREF(module);
        return NULL;
    }
    return module;
}
