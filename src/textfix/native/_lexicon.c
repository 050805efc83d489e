/* textfix.native._lexicon: one language's word-frequency table, looked up in C.
 *
 * A Table holds the decompressed prebuilt index (textfix.lang.zipf_index, format TFZ2:
 * b"TFZ2" | words: uint32 | centi of each word: uint16 x words | the words, sorted,
 * UTF-8, "\n"-joined) as it is: the words stay in that one buffer, and an open-addressing
 * hash of word numbers (FNV-1a over the UTF-8 bytes) finds them. A value is the stored
 * whole number of hundredths as a Python float, centi / 100.0: the float Python's
 * ``centi / 100`` gives. Immutable once built; no caches.
 *
 * Its semantics are textfix.native.pure.LexiconTable's (the reference, a bisection of
 * the sorted words); tests/test_native_lexicon.py checks the two against each other.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

#define FNV_OFFSET 14695981039346656037ULL
#define FNV_PRIME 1099511628211ULL
/* Keys up to this many bytes are lower-cased on the stack. */
#define STACK_KEY 256

typedef struct {
    PyObject_HEAD
    PyObject *data;          /* the bytes object given: the words live in it */
    const char *words;       /* its words part */
    uint32_t count;          /* words */
    uint32_t *starts;        /* count + 1 offsets into words: word i is words[starts[i] .. starts[i+1] - 1) */
    uint16_t *codes;         /* centi of each word */
    uint32_t *slots;         /* word number + 1, 0 for an empty slot */
    uint64_t mask;           /* slots - 1 (a power of two at least twice count) */
    Py_ssize_t longest;      /* bytes of the longest word */
    PyObject **values;       /* centi -> its float */
    Py_ssize_t value_count;
    PyObject *zero;          /* 0.0: the answer for a word the table does not hold */
} Table;

static PyObject *str_lower;      /* "lower" */
static PyObject *str_curly;      /* "’" */
static PyObject *str_straight;   /* "'" */

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

/* The number of the word key[0 .. size) (its hash given), or -1. */
static Py_ssize_t
find(const Table *table, const char *key, Py_ssize_t size, uint64_t hash)
{
    if (size > table->longest || table->count == 0) return -1;
    uint64_t at = hash & table->mask;
    for (;;) {
        uint32_t slot = table->slots[at];
        if (slot == 0) return -1;
        uint32_t word = slot - 1;
        uint32_t start = table->starts[word];
        if ((Py_ssize_t)(table->starts[word + 1] - 1 - start) == size && memcmp(table->words + start, key, (size_t)size) == 0)
            return word;
        at = (at + 1) & table->mask;
    }
}

static PyObject *
value_of(const Table *table, Py_ssize_t word)
{
    PyObject *value = word < 0 ? table->zero : table->values[table->codes[word]];
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

static Py_ssize_t
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
    Py_ssize_t found = find(table, key, size, fnv(key, size));
    Py_XDECREF(owner);
    return found;
}

/* ---- construction ---------------------------------------------------------------- */

static void
Table_dealloc(Table *self)
{
    PyMem_Free(self->starts);
    PyMem_Free(self->codes);
    PyMem_Free(self->slots);
    if (self->values != NULL) {
        for (Py_ssize_t i = 0; i < self->value_count; i++) Py_XDECREF(self->values[i]);
        PyMem_Free(self->values);
    }
    Py_XDECREF(self->zero);
    Py_XDECREF(self->data);
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
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "S:Table", keywords, &data)) return -1;
    if (self->data != NULL || self->starts != NULL) return fail("a Table is built once");
    const char *raw = PyBytes_AS_STRING(data);
    Py_ssize_t size = PyBytes_GET_SIZE(data);
    if (size < 8 || memcmp(raw, "TFZ2", 4) != 0) return fail("not a textfix word-frequency index");
    uint32_t count = (uint32_t)(unsigned char)raw[4] | (uint32_t)(unsigned char)raw[5] << 8 |
                     (uint32_t)(unsigned char)raw[6] << 16 | (uint32_t)(unsigned char)raw[7] << 24;
    Py_ssize_t words_at = 8 + 2 * (Py_ssize_t)count;
    if (words_at > size || count >= 0x7FFFFFFFu) return fail("index shorter than its header says");
    Py_ssize_t words_size = size - words_at;
    if (words_size > 0xFFFFFFF0) return fail("index too large");
    self->words = raw + words_at;
    self->count = count;
    self->starts = PyMem_Malloc(sizeof(uint32_t) * ((size_t)count + 1));
    self->codes = PyMem_Malloc(sizeof(uint16_t) * ((size_t)count + 1));
    uint64_t slots = 2;
    while (slots < 2 * (uint64_t)count) slots <<= 1;
    self->mask = slots - 1;
    self->slots = PyMem_Calloc((size_t)slots, sizeof(uint32_t));
    if (self->starts == NULL || self->codes == NULL || self->slots == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    unsigned int highest = 0;
    for (uint32_t i = 0; i < count; i++) {
        unsigned int code = (unsigned int)(unsigned char)raw[8 + 2 * i] | (unsigned int)(unsigned char)raw[9 + 2 * i] << 8;
        self->codes[i] = (uint16_t)code;
        if (code > highest) highest = code;
    }
    /* Word starts: the words are "\n"-joined (no word is empty or holds "\n"). */
    uint32_t word = 0;
    if (count > 0) {
        self->starts[0] = 0;
        for (Py_ssize_t at = 0; at < words_size; at++) {
            if (self->words[at] == '\n') {
                if (++word >= count) return fail("index holds more words than its header says");
                self->starts[word] = (uint32_t)at + 1;
            }
        }
        if (word + 1 != count) return fail("index holds fewer words than its header says");
        self->starts[count] = (uint32_t)words_size + 1;
    }
    else if (words_size != 0) return fail("index holds more words than its header says");
    self->longest = 0;
    for (uint32_t i = 0; i < count; i++) {
        const char *key = self->words + self->starts[i];
        Py_ssize_t length = (Py_ssize_t)(self->starts[i + 1] - 1 - self->starts[i]);
        if (length > self->longest) self->longest = length;
        uint64_t at = fnv(key, length) & self->mask;
        while (self->slots[at] != 0) at = (at + 1) & self->mask;
        self->slots[at] = i + 1;
    }
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
    Py_INCREF(data);
    self->data = data;
    return 0;
}

static int
ready(const Table *self)
{
    if (self->data != NULL) return 1;
    PyErr_SetString(PyExc_ValueError, "Table was not initialised");
    return 0;
}

/* ---- lookups --------------------------------------------------------------------- */

static Py_ssize_t
Table_len(Table *self)
{
    return self->data == NULL ? 0 : (Py_ssize_t)self->count;
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
    Py_ssize_t found = find_str(self, args[0], &failed);
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
    Py_ssize_t found = find_str(self, word, &failed);
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
        Py_ssize_t found = find(self, key, size, hash);
        if (key != stack) PyMem_Free(key);
        return value_of(self, found);
    }
    PyObject *lowered = PyObject_CallMethodNoArgs(word, str_lower);
    if (lowered == NULL) return NULL;
    PyObject *normal = PyUnicode_Replace(lowered, str_curly, str_straight, -1);
    Py_DECREF(lowered);
    if (normal == NULL) return NULL;
    int failed;
    Py_ssize_t found = find_str(self, normal, &failed);
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
        PyList_SET_ITEM(heads, i, value_of(self, find(self, bytes, bounds[i], hash)));
        for (Py_ssize_t at = bounds[i]; at < bounds[i + 1]; at++) hash = fnv_step(hash, (unsigned char)bytes[at]);
        Py_ssize_t tail = size - bounds[i];
        Py_ssize_t found = tail > self->longest ? -1 : find(self, bytes + bounds[i], tail, fnv(bytes + bounds[i], tail));
        PyList_SET_ITEM(tails, i, value_of(self, found));
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
    .tp_doc = "Table(data): one language's words and Zipf values, from a decompressed TFZ2 index.",
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
