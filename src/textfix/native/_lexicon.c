/* textfix.native._lexicon: one language's word-frequency table, looked up in C.
 *
 * A Table reads the prebuilt index (textfix.lang.zipf_index, format TFZ3) in place, from any
 * buffer (the file's memory map, or bytes): nothing is copied or built when it is made, so
 * making one costs the header's checks. Little-endian:
 *
 *   header:  "TFZ3" | words u32 | bucket bits u32 | longest word (bytes) u32 | highest centi u32
 *   buckets: u32 x (2**bits + 1), where each bucket's entries start (the last: the entries' size)
 *   entries: size u16 | centi u16 | the word's UTF-8 bytes
 *
 * A word's bucket is the FNV-1a hash (64-bit) of its UTF-8 bytes, folded to 32 bits and masked
 * to the bucket bits (textfix.lang.zipf_index.bucket_of); a look-up hashes the key and compares
 * it with the few entries of its bucket. A value is the
 * stored whole number of hundredths as a Python float, centi / 100.0: the float Python's
 * ``centi / 100`` gives. Every offset read from the buffer is bounds-checked at the look-up
 * that reads it, so a damaged file can miss words but never read outside its buffer.
 * Immutable once built; no caches.
 *
 * Its semantics are textfix.native.pure.LexiconTable's (the reference: a dict of every
 * bucket's words); tests/test_native_lexicon.py checks the two against each other.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

#define HEADER 20
/* Keys up to this many bytes are lower-cased on the stack. */
#define STACK_KEY 256

typedef struct {
    PyObject_HEAD
    Py_buffer view;              /* the index's buffer, held for the table's life */
    int has_view;
    const unsigned char *buckets; /* bucket starts, u32 LE */
    const unsigned char *entries;
    uint64_t entries_size;
    uint32_t count;              /* words */
    uint32_t mask;               /* buckets - 1 */
    Py_ssize_t longest;          /* bytes of the longest word */
    PyObject **values;           /* centi -> its float, for centi 0 .. highest */
    Py_ssize_t value_count;
    PyObject *zero;              /* 0.0: the answer for a word the table does not hold */
} Table;

static PyObject *str_lower;      /* "lower" */
static PyObject *str_curly;      /* "’" */
static PyObject *str_straight;   /* "'" */

static inline uint32_t
u32_at(const unsigned char *at)
{
    return (uint32_t)at[0] | (uint32_t)at[1] << 8 | (uint32_t)at[2] << 16 | (uint32_t)at[3] << 24;
}

static inline uint32_t
u16_at(const unsigned char *at)
{
    return (uint32_t)at[0] | (uint32_t)at[1] << 8;
}

#define FNV_OFFSET 14695981039346656037ULL
#define FNV_PRIME 1099511628211ULL

static inline uint64_t
fnv_step(uint64_t hash, unsigned char byte)
{
    return (hash ^ byte) * FNV_PRIME;
}

static uint64_t
fnv(const char *key, Py_ssize_t size)
{
    uint64_t hash = FNV_OFFSET;
    for (Py_ssize_t i = 0; i < size; i++) hash = fnv_step(hash, (unsigned char)key[i]);
    return hash;
}

/* The centi of the word key[0 .. size) (its FNV-1a hash given), or -1. */
static long
find(const Table *table, const char *key, Py_ssize_t size, uint64_t hash)
{
    if (size > table->longest || table->count == 0) return -1;
    uint32_t folded = (uint32_t)(hash ^ (hash >> 32));
    const unsigned char *bucket = table->buckets + 4 * (uint64_t)(folded & table->mask);
    uint64_t at = u32_at(bucket), end = u32_at(bucket + 4);
    if (end > table->entries_size) return -1;
    while (at + 4 <= end) {
        const unsigned char *entry = table->entries + at;
        uint64_t length = u16_at(entry);
        if (at + 4 + length > end) return -1;
        if (length == (uint64_t)size && memcmp(entry + 4, key, (size_t)size) == 0) return (long)u16_at(entry + 2);
        at += 4 + length;
    }
    return -1;
}

static PyObject *
value_of(const Table *table, long code)
{
    if (code >= table->value_count) return PyFloat_FromDouble((double)code / 100.0);
    PyObject *value = code < 0 ? table->zero : table->values[code];
    Py_INCREF(value);
    return value;
}

/* The UTF-8 bytes of a str; a str with lone surrogates gets them encoded as no stored word
 * can hold them (stored words are valid UTF-8), in *owner (to release) when not NULL. */
static const char *
utf8_of(PyObject *text, Py_ssize_t *size, PyObject **owner)
{
    *owner = NULL;
    const char *bytes = PyUnicode_AsUTF8AndSize(text, size);
    if (bytes != NULL) return bytes;
    if (!PyErr_ExceptionMatches(PyExc_UnicodeEncodeError)) return NULL;
    PyErr_Clear();
    *owner = PyUnicode_AsEncodedString(text, "utf-8", "surrogatepass");
    if (*owner == NULL) return NULL;
    *size = PyBytes_GET_SIZE(*owner);
    return PyBytes_AS_STRING(*owner);
}

static long
find_str(const Table *table, PyObject *word, int *failed)
{
    Py_ssize_t size;
    PyObject *owner;
    *failed = 0;
    const char *key = utf8_of(word, &size, &owner);
    if (key == NULL) {
        *failed = 1;
        return -1;
    }
    long found = find(table, key, size, fnv(key, size));
    Py_XDECREF(owner);
    return found;
}

/* ---- construction ---------------------------------------------------------------- */

static void
Table_dealloc(Table *self)
{
    if (self->values != NULL) {
        for (Py_ssize_t i = 0; i < self->value_count; i++) Py_XDECREF(self->values[i]);
        PyMem_Free(self->values);
    }
    Py_XDECREF(self->zero);
    if (self->has_view) PyBuffer_Release(&self->view);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static int
fail(const char *message)
{
    PyErr_SetString(PyExc_ValueError, message);
    return -1;
}

static int
Table_init(Table *self, PyObject *args, PyObject *kwargs)
{
    static char *keywords[] = {"data", NULL};
    PyObject *data;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "O:Table", keywords, &data)) return -1;
    if (self->has_view) return fail("a Table is built once");
    if (PyObject_GetBuffer(data, &self->view, PyBUF_SIMPLE) < 0) return -1;
    self->has_view = 1;
    const unsigned char *raw = self->view.buf;
    uint64_t size = (uint64_t)self->view.len;
    if (size < HEADER || memcmp(raw, "TFZ3", 4) != 0) return fail("not a textfix word-frequency index");
    uint32_t count = u32_at(raw + 4), bits = u32_at(raw + 8), longest = u32_at(raw + 12), highest = u32_at(raw + 16);
    if (bits > 31) return fail("index shorter than its header says");
    uint64_t buckets = (uint64_t)1 << bits;
    uint64_t entries_at = HEADER + 4 * (buckets + 1);
    if (entries_at > size) return fail("index shorter than its header says");
    if (u32_at(raw + entries_at - 4) != size - entries_at) return fail("index of another size than its header says");
    if (highest > 0xFFFF) return fail("index holds a value it cannot hold");
    self->buckets = raw + HEADER;
    self->entries = raw + entries_at;
    self->entries_size = size - entries_at;
    self->count = count;
    self->mask = (uint32_t)(buckets - 1);
    self->longest = (Py_ssize_t)longest;
    self->value_count = (Py_ssize_t)highest + 1;
    self->values = PyMem_Calloc((size_t)self->value_count, sizeof(PyObject *));
    if (self->values == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t i = 0; i < self->value_count; i++) {
        self->values[i] = PyFloat_FromDouble((double)i / 100.0);
        if (self->values[i] == NULL) return -1;
    }
    self->zero = PyFloat_FromDouble(0.0);
    if (self->zero == NULL) return -1;
    return 0;
}

static int
ready(const Table *self)
{
    if (self->zero != NULL) return 1;
    PyErr_SetString(PyExc_ValueError, "Table was not initialised");
    return 0;
}

/* ---- lookups --------------------------------------------------------------------- */

static Py_ssize_t
Table_len(Table *self)
{
    return self->zero == NULL ? 0 : (Py_ssize_t)self->count;
}

static PyObject *
Table_get(Table *self, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs < 1 || nargs > 2) {
        PyErr_SetString(PyExc_TypeError, "get() takes a word and an optional default");
        return NULL;
    }
    if (!ready(self)) return NULL;
    if (!PyUnicode_Check(args[0])) {
        PyErr_SetString(PyExc_TypeError, "get() takes a str");
        return NULL;
    }
    int failed;
    long found = find_str(self, args[0], &failed);
    if (failed) return NULL;
    if (found < 0 && nargs == 2) {
        Py_INCREF(args[1]);
        return args[1];
    }
    return value_of(self, found);
}

static int
Table_contains(Table *self, PyObject *word)
{
    if (!ready(self)) return -1;
    if (!PyUnicode_Check(word)) return 0;
    int failed;
    long found = find_str(self, word, &failed);
    return failed ? -1 : found >= 0;
}

/* zipf(word): the value of word.lower().replace("’", "'"). */
static PyObject *
Table_zipf(Table *self, PyObject *word)
{
    if (!ready(self)) return NULL;
    if (!PyUnicode_Check(word)) {
        PyErr_SetString(PyExc_TypeError, "zipf() takes a str");
        return NULL;
    }
    if (PyUnicode_IS_ASCII(word)) {
        /* ASCII: str.lower() maps A-Z only, and there is no "’" to straighten. */
        Py_ssize_t size = PyUnicode_GET_LENGTH(word);
        if (size > self->longest) return value_of(self, -1);
        const unsigned char *text = PyUnicode_1BYTE_DATA(word);
        char stack[STACK_KEY];
        char *key = size <= STACK_KEY ? stack : PyMem_Malloc((size_t)size);
        if (key == NULL) return PyErr_NoMemory();
        uint64_t hash = FNV_OFFSET;
        for (Py_ssize_t i = 0; i < size; i++) {
            unsigned char c = text[i];
            if (c >= 'A' && c <= 'Z') c = (unsigned char)(c + ('a' - 'A'));
            key[i] = (char)c;
            hash = fnv_step(hash, c);
        }
        long found = find(self, key, size, hash);
        if (key != stack) PyMem_Free(key);
        return value_of(self, found);
    }
    PyObject *lowered = PyObject_CallMethodNoArgs(word, str_lower);
    if (lowered == NULL) return NULL;
    PyObject *normal = PyUnicode_Replace(lowered, str_curly, str_straight, -1);
    Py_DECREF(lowered);
    if (normal == NULL) return NULL;
    int failed;
    long found = find_str(self, normal, &failed);
    Py_DECREF(normal);
    if (failed) return NULL;
    return value_of(self, found);
}

/* cuts(text): ([get(text[:i]) for i in range(n)], [get(text[i:]) for i in range(n)]), n = len(text). */
static PyObject *
Table_cuts(Table *self, PyObject *text)
{
    if (!ready(self)) return NULL;
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "cuts() takes a str");
        return NULL;
    }
    Py_ssize_t length = PyUnicode_GET_LENGTH(text);
    Py_ssize_t size;
    PyObject *owner;
    const char *bytes = utf8_of(text, &size, &owner);
    if (bytes == NULL) return NULL;
    PyObject *heads = PyList_New(length);
    PyObject *tails = PyList_New(length);
    Py_ssize_t *bounds = PyMem_Malloc(sizeof(Py_ssize_t) * ((size_t)length + 1));
    if (heads == NULL || tails == NULL || bounds == NULL) {
        if (bounds == NULL) PyErr_NoMemory();
        goto error;
    }
    /* bounds[i]: the byte offset of character i. */
    Py_ssize_t character = 0;
    for (Py_ssize_t at = 0; at < size; at++) {
        if (((unsigned char)bytes[at] & 0xC0) != 0x80) bounds[character++] = at;
    }
    bounds[length] = size;
    uint64_t hash = FNV_OFFSET;
    for (Py_ssize_t i = 0; i < length; i++) {
        /* hash is the hash of text[:i] */
        PyObject *head = value_of(self, find(self, bytes, bounds[i], hash));
        for (Py_ssize_t at = bounds[i]; at < bounds[i + 1]; at++) hash = fnv_step(hash, (unsigned char)bytes[at]);
        Py_ssize_t tail = size - bounds[i];
        long found = tail > self->longest ? -1 : find(self, bytes + bounds[i], tail, fnv(bytes + bounds[i], tail));
        PyObject *rest = value_of(self, found);
        if (head == NULL || rest == NULL) {
            Py_XDECREF(head);
            Py_XDECREF(rest);
            goto error;
        }
        PyList_SET_ITEM(heads, i, head);
        PyList_SET_ITEM(tails, i, rest);
    }
    PyMem_Free(bounds);
    Py_XDECREF(owner);
    return Py_BuildValue("(NN)", heads, tails);
error:
    PyMem_Free(bounds);
    Py_XDECREF(owner);
    Py_XDECREF(heads);
    Py_XDECREF(tails);
    return NULL;
}

static PyMethodDef Table_methods[] = {
    {"get", (PyCFunction)(void (*)(void))Table_get, METH_FASTCALL,
     "get(word, default=0.0): the Zipf value of word (already normalised), or default."},
    {"zipf", (PyCFunction)Table_zipf, METH_O,
     "zipf(word): the Zipf value of word.lower().replace('\u2019', \"'\"), 0.0 when the table lacks it."},
    {"cuts", (PyCFunction)Table_cuts, METH_O,
     "cuts(text): the values of every prefix text[:i] and every suffix text[i:], i in range(len(text))."},
    {NULL, NULL, 0, NULL},
};

static PySequenceMethods Table_as_sequence = {
    .sq_length = (lenfunc)Table_len,
    .sq_contains = (objobjproc)Table_contains,
};

static PyTypeObject TableType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "textfix.native._lexicon.Table",
    .tp_basicsize = sizeof(Table),
    .tp_dealloc = (destructor)Table_dealloc,
    .tp_as_sequence = &Table_as_sequence,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "Table(data): one language's words and Zipf values, read in place from a TFZ3 index (any buffer).",
    .tp_methods = Table_methods,
    .tp_init = (initproc)Table_init,
    .tp_new = PyType_GenericNew,
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT, "textfix.native._lexicon",
    "One language's word-frequency table, looked up in C (see textfix.native.pure.LexiconTable).", -1, NULL,
};

PyMODINIT_FUNC
PyInit__lexicon(void)
{
    str_lower = PyUnicode_InternFromString("lower");
    str_curly = PyUnicode_FromString("\xe2\x80\x99");
    str_straight = PyUnicode_FromString("'");
    if (str_lower == NULL || str_curly == NULL || str_straight == NULL) return NULL;
    if (PyType_Ready(&TableType) < 0) return NULL;
    PyObject *module = PyModule_Create(&module_def);
    if (module == NULL) return NULL;
    Py_INCREF(&TableType);
    if (PyModule_AddObject(module, "Table", (PyObject *)&TableType) < 0) {
        Py_DECREF(&TableType);
        Py_DECREF(module);
        return NULL;
    }
    return module;
}
