/* textfix.native._lines: the shape row of one line of BP401's chrome-line model, compiled.
 *
 * line_row(text, stopwords, sample_chars, short_words, lexical_max_words) returns exactly what
 * textfix.native.pure.line_row returns: the row of 21 floats, the line's lexical words and
 * whether it is short. pure.py defines the semantics; the regular expressions there (the
 * standard library's re) are reproduced here as existence tests that try every way each
 * pattern can match (every count of every quantifier), with CPython's own character tests
 * (Py_UNICODE_IS*), the ones re and the str methods use. No state, no caches.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <string.h>

/* ---- character classes ------------------------------------------ */

enum {
    C_SPACE = 1,     /* str.split(), str.strip() and re's \s */
    C_WORD = 2,      /* re's \w: alphanumeric or '_' */
    C_DECIMAL = 4,   /* re's \d */
    C_UPPER = 8,
    C_LOWER = 16,
    C_TITLE = 32,
    C_SEPARATOR = 64 /* one of | » « · › ‹ / > • – — : - */
};

static unsigned char latin1_classes[256];

static int
is_separator(Py_UCS4 ch)
{
    switch (ch) {
    case '|': case 0x00BB: case 0x00AB: case 0x00B7: case 0x203A: case 0x2039:
    case '/': case '>': case 0x2022: case 0x2013: case 0x2014: case ':': case '-':
        return 1;
    default:
        return 0;
    }
}

static unsigned char
compute_classes(Py_UCS4 ch)
{
    unsigned char c = 0;
    if (Py_UNICODE_ISSPACE(ch)) c |= C_SPACE;
    if (Py_UNICODE_ISALNUM(ch) || ch == '_') c |= C_WORD;
    if (Py_UNICODE_ISDECIMAL(ch)) c |= C_DECIMAL;
    if (Py_UNICODE_ISUPPER(ch)) c |= C_UPPER;
    if (Py_UNICODE_ISLOWER(ch)) c |= C_LOWER;
    if (Py_UNICODE_ISTITLE(ch)) c |= C_TITLE;
    if (is_separator(ch)) c |= C_SEPARATOR;
    return c;
}

static inline unsigned char
classes(Py_UCS4 ch)
{
    return ch < 256 ? latin1_classes[ch] : compute_classes(ch);
}

/* ---- a view of one string ---------------------------------------------------------- */

typedef struct {
    int kind;
    const void *data;
    Py_ssize_t start, end; /* the sample: [start, end) of the string */
} Text;

/* The character at i (positions are absolute), or (Py_UCS4)-1 outside the sample. */
static inline Py_UCS4
at(const Text *t, Py_ssize_t i)
{
    return i >= t->start && i < t->end ? PyUnicode_READ(t->kind, t->data, i) : (Py_UCS4)-1;
}

static inline int
is_word_at(const Text *t, Py_ssize_t i)
{
    Py_UCS4 ch = at(t, i);
    return ch != (Py_UCS4)-1 && (classes(ch) & C_WORD);
}

static inline int
is_decimal_at(const Text *t, Py_ssize_t i)
{
    Py_UCS4 ch = at(t, i);
    return ch != (Py_UCS4)-1 && (classes(ch) & C_DECIMAL);
}

/* re's [^\W\d_]: a word character that is neither a decimal digit nor '_'. */
static inline int
is_letter_at(const Text *t, Py_ssize_t i)
{
    Py_UCS4 ch = at(t, i);
    if (ch == (Py_UCS4)-1 || ch == '_') return 0;
    unsigned char c = classes(ch);
    return (c & C_WORD) && !(c & C_DECIMAL);
}

static inline int
is_space_at(const Text *t, Py_ssize_t i)
{
    Py_UCS4 ch = at(t, i);
    return ch != (Py_UCS4)-1 && (classes(ch) & C_SPACE);
}

/* count decimal digits from i */
static int
digits(const Text *t, Py_ssize_t i, int count)
{
    for (int k = 0; k < count; k++)
        if (!is_decimal_at(t, i + k)) return 0;
    return 1;
}

/* The length of the run of [^\W\d_] characters at i, counted up to 10 (more cannot match {3,9}). */
static int
letter_run(const Text *t, Py_ssize_t i)
{
    int n = 0;
    while (n < 10 && is_letter_at(t, i + n)) n++;
    return n;
}

/* \b before a word character at i: the start, or a non-word character before it. */
static inline int
starts_word(const Text *t, Py_ssize_t i)
{
    return !is_word_at(t, i - 1);
}

/* \b after a word character ending at i (exclusive): the end, or a non-word character there. */
static inline int
ends_word(const Text *t, Py_ssize_t i)
{
    return !is_word_at(t, i);
}

/* (?:19|20)\d{2} at i */
static int
year_at(const Text *t, Py_ssize_t i)
{
    Py_UCS4 a = at(t, i), b = at(t, i + 1);
    return ((a == '1' && b == '9') || (a == '2' && b == '0')) && digits(t, i + 2, 2);
}

/* re.IGNORECASE on a lower-case ASCII letter of the pattern: the characters whose simple lower
 * case is that letter, and the long s (re's one case-insensitive equivalence among these). */
static inline int
ci_at(const Text *t, Py_ssize_t i, char letter)
{
    Py_UCS4 ch = at(t, i);
    if (ch == (Py_UCS4)-1) return 0;
    if ((Py_UCS4)Py_UNICODE_TOLOWER(ch) == (Py_UCS4)letter) return 1;
    return letter == 's' && ch == 0x017F;
}

static int
ci_word_at(const Text *t, Py_ssize_t i, const char *word)
{
    for (Py_ssize_t k = 0; word[k]; k++)
        if (!ci_at(t, i + k, word[k])) return 0;
    return 1;
}

/* ---- the searches of pure.py ------------------------------------------------------- */

/* LINE_SENTENCE_END: [.!?…。！？]["'”’»)\]」』]*\s*$ */
static int
sentence_end(const Text *t)
{
    Py_ssize_t i = t->end;
    while (i > t->start && is_space_at(t, i - 1)) i--;
    for (;;) {
        Py_UCS4 ch = at(t, i - 1);
        if (ch == '"' || ch == '\'' || ch == 0x201D || ch == 0x2019 || ch == 0x00BB || ch == ')' || ch == ']' ||
            ch == 0x300D || ch == 0x300F)
            i--;
        else
            break;
    }
    Py_UCS4 ch = at(t, i - 1);
    return ch == '.' || ch == '!' || ch == '?' || ch == 0x2026 || ch == 0x3002 || ch == 0xFF01 || ch == 0xFF1F;
}

static inline int
is_date_separator(Py_UCS4 ch)
{
    return ch == '.' || ch == '/' || ch == '-';
}

/* The alternatives of LINE_DATE that start with a digit, at i, with the trailing \b. */
static int
date_from_digit(const Text *t, Py_ssize_t i)
{
    /* \d{1,2}[./-]\d{1,2}[./-]\d{2,4} */
    for (int d1 = 1; d1 <= 2; d1++) {
        if (!digits(t, i, d1) || !is_date_separator(at(t, i + d1))) continue;
        Py_ssize_t q = i + d1 + 1;
        for (int d2 = 1; d2 <= 2; d2++) {
            if (!digits(t, q, d2) || !is_date_separator(at(t, q + d2))) continue;
            Py_ssize_t r = q + d2 + 1;
            for (int d3 = 2; d3 <= 4; d3++)
                if (digits(t, r, d3) && ends_word(t, r + d3)) return 1;
        }
    }
    /* \d{4}-\d{2}-\d{2} */
    if (digits(t, i, 4) && at(t, i + 4) == '-' && digits(t, i + 5, 2) && at(t, i + 7) == '-' &&
        digits(t, i + 8, 2) && ends_word(t, i + 10))
        return 1;
    /* \d{1,2}\.? ?(?:[^\W\d_]{3,9}\.?) (?:19|20)\d{2} */
    for (int d = 1; d <= 2; d++) {
        if (!digits(t, i, d)) continue;
        for (int dot = 0; dot <= 1; dot++) {
            Py_ssize_t q = i + d;
            if (dot && at(t, q) != '.') continue;
            q += dot;
            for (int space = 0; space <= 1; space++) {
                if (space && at(t, q) != ' ') continue;
                Py_ssize_t r = q + space;
                /* The letters are followed by "." or " ": only the whole run of letters can match. */
                int n = letter_run(t, r);
                if (n >= 3 && n <= 9) {
                    for (int dot2 = 0; dot2 <= 1; dot2++) {
                        Py_ssize_t s = r + n;
                        if (dot2 && at(t, s) != '.') continue;
                        s += dot2;
                        if (at(t, s) == ' ' && year_at(t, s + 1) && ends_word(t, s + 5)) return 1;
                    }
                }
            }
        }
    }
    return 0;
}

/* The alternative of LINE_DATE that starts with a letter, at i, with the trailing \b. */
static int
date_from_letter(const Text *t, Py_ssize_t i)
{
    /* [^\W\d_]{3,9}\.? \d{1,2},? (?:19|20)\d{2} */
    int n = letter_run(t, i); /* followed by "." or " ": only the whole run of letters can match */
    if (n >= 3 && n <= 9) {
        for (int dot = 0; dot <= 1; dot++) {
            Py_ssize_t q = i + n;
            if (dot && at(t, q) != '.') continue;
            q += dot;
            if (at(t, q) != ' ') continue;
            q++;
            for (int d = 1; d <= 2; d++) {
                if (!digits(t, q, d)) continue;
                for (int comma = 0; comma <= 1; comma++) {
                    Py_ssize_t r = q + d;
                    if (comma && at(t, r) != ',') continue;
                    r += comma;
                    if (at(t, r) == ' ' && year_at(t, r + 1) && ends_word(t, r + 5)) return 1;
                }
            }
        }
    }
    return 0;
}

/* LINE_DATE: \b(?:...)\b anywhere */
static int
has_date(const Text *t)
{
    for (Py_ssize_t i = t->start; i < t->end; i++)
        if (is_word_at(t, i) && starts_word(t, i) &&
            (is_decimal_at(t, i) ? date_from_digit(t, i) : date_from_letter(t, i)))
            return 1;
    return 0;
}

/* LINE_TIME: \b\d{1,2}[:.]\d{2}\b (the optional suffix after it changes no search's outcome) */
static int
has_time(const Text *t)
{
    for (Py_ssize_t i = t->start; i < t->end; i++) {
        if (!is_decimal_at(t, i) || !starts_word(t, i)) continue;
        for (int d = 1; d <= 2; d++) {
            if (!digits(t, i, d)) continue;
            Py_UCS4 mark = at(t, i + d);
            if ((mark == ':' || mark == '.') && digits(t, i + d + 1, 2) && ends_word(t, i + d + 3)) return 1;
        }
    }
    return 0;
}

/* LINE_YEAR: \b(?:19|20)\d{2}\b */
static int
has_year(const Text *t)
{
    for (Py_ssize_t i = t->start; i < t->end; i++)
        if (year_at(t, i) && starts_word(t, i) && ends_word(t, i + 4)) return 1;
    return 0;
}

/* LINE_LINK: https?://|www\.|\S@\S+\.\w|\.(?:com|org|net|de|html?)\b, ignoring case */
static int
has_link(const Text *t)
{
    static const char *endings[] = {"com", "org", "net", "de", "htm", "html", NULL};
    for (Py_ssize_t i = t->start; i < t->end; i++) {
        Py_UCS4 ch = at(t, i);
        if (ci_word_at(t, i, "http")) {
            Py_ssize_t q = i + 4;
            if (at(t, q) == ':' && at(t, q + 1) == '/' && at(t, q + 2) == '/') return 1;
            if (ci_at(t, q, 's') && at(t, q + 1) == ':' && at(t, q + 2) == '/' && at(t, q + 3) == '/') return 1;
        }
        if (ci_word_at(t, i, "www") && at(t, i + 3) == '.') return 1;
        if (ch == '@' && i > t->start && !is_space_at(t, i - 1) && i + 1 < t->end && !is_space_at(t, i + 1)) {
            /* \S+ then "." then \w: a "." in the run of non-space characters after the "@" (not its
             * first character: \S+ takes at least one), followed by a word character. */
            for (Py_ssize_t k = i + 2; k < t->end && !is_space_at(t, k); k++)
                if (at(t, k) == '.' && is_word_at(t, k + 1)) return 1;
        }
        if (ch == '.') {
            for (int e = 0; endings[e]; e++) {
                Py_ssize_t len = (Py_ssize_t)strlen(endings[e]);
                if (ci_word_at(t, i + 1, endings[e]) && ends_word(t, i + 1 + len)) return 1;
            }
        }
    }
    return 0;
}

/* ---- counts (line_counts of pure.py) ----------------------------------------------- */

static void
token_case(const Text *t, Py_ssize_t start, Py_ssize_t end, int *titled, int *upper)
{
    int cased = 0, previous_is_cased = 0, title_ok = 1;
    int upper_cased = 0, upper_ok = 1;
    for (Py_ssize_t i = start; i < end; i++) {
        unsigned char c = classes(PyUnicode_READ(t->kind, t->data, i));
        if (title_ok) {
            if (c & (C_UPPER | C_TITLE)) {
                if (previous_is_cased) title_ok = 0;
                previous_is_cased = 1;
                cased = 1;
            }
            else if (c & C_LOWER) {
                if (!previous_is_cased) title_ok = 0;
                previous_is_cased = 1;
                cased = 1;
            }
            else
                previous_is_cased = 0;
        }
        if (upper_ok) {
            if (c & (C_LOWER | C_TITLE)) upper_ok = 0;
            else if (c & C_UPPER) upper_cased = 1;
        }
    }
    *titled = title_ok && cased;
    *upper = upper_ok && upper_cased;
}

typedef struct {
    long words, letters, stop, tokens, titled, upper, digit_tokens, punctuation, separators;
} Counts;

/* The case-folded sample as a new str (ASCII: lower-cased here; else str.casefold). */
static PyObject *
casefolded(PyObject *sample)
{
    if (PyUnicode_IS_ASCII(sample)) {
        Py_ssize_t n = PyUnicode_GET_LENGTH(sample);
        const Py_UCS1 *src = PyUnicode_1BYTE_DATA(sample);
        PyObject *out = PyUnicode_New(n, 127);
        if (out == NULL) return NULL;
        Py_UCS1 *dst = PyUnicode_1BYTE_DATA(out);
        for (Py_ssize_t i = 0; i < n; i++) dst[i] = (src[i] >= 'A' && src[i] <= 'Z') ? src[i] + 32 : src[i];
        return out;
    }
    return PyObject_CallMethod(sample, "casefold", NULL);
}

static int
count(PyObject *sample, const Text *t, PyObject *stopwords, PyObject *folded, Counts *out)
{
    memset(out, 0, sizeof *out);
    {
        int kind = PyUnicode_KIND(folded);
        const void *data = PyUnicode_DATA(folded);
        Py_ssize_t n = PyUnicode_GET_LENGTH(folded);
        int look_up = PySet_GET_SIZE(stopwords) > 0;
        Py_ssize_t i = 0;
        while (i < n) {
            if (!(classes(PyUnicode_READ(kind, data, i)) & C_WORD)) {
                i++;
                continue;
            }
            Py_ssize_t start = i;
            while (i < n && (classes(PyUnicode_READ(kind, data, i)) & C_WORD)) i++;
            out->words++;
            out->letters += (long)(i - start);
            if (look_up) {
                PyObject *word = PyUnicode_Substring(folded, start, i);
                if (word == NULL) return -1;
                int found = PySet_Contains(stopwords, word);
                Py_DECREF(word);
                if (found < 0) return -1;
                out->stop += found;
            }
        }
    }
    (void)sample;
    Py_ssize_t i = t->start, n = t->end;
    while (i < n) {
        unsigned char c = classes(PyUnicode_READ(t->kind, t->data, i));
        if (c & C_SPACE) {
            i++;
            continue;
        }
        Py_ssize_t start = i;
        int has_decimal = 0;
        for (; i < n; i++) {
            c = classes(PyUnicode_READ(t->kind, t->data, i));
            if (c & C_SPACE) break;
            if (c & C_DECIMAL) has_decimal = 1;
            if (!(c & C_WORD)) out->punctuation++;
            if ((c & C_SEPARATOR) && i == start &&
                (i + 1 == n || (classes(PyUnicode_READ(t->kind, t->data, i + 1)) & C_SPACE)))
                out->separators++;
        }
        out->tokens++;
        out->digit_tokens += has_decimal;
        int is_titled, is_upper;
        token_case(t, start, i, &is_titled, &is_upper);
        out->titled += is_titled;
        out->upper += is_upper;
    }
    return 0;
}

/* ---- lexical words (lexical_words of pure.py) -------------------------------------- */

static int
is_lexical_edge(Py_UCS4 ch)
{
    switch (ch) {
    case '"': case '\'': case 0x201C: case 0x201D: case 0x201E: case 0x2018: case 0x2019: case 0x00AB:
    case 0x00BB: case 0x2039: case 0x203A: case '(': case ')': case '[': case ']': case '{': case '}':
    case '<': case '>': case '.': case ',': case ':': case ';': case '!': case '?': case 0x00A1: case 0x00BF:
    case 0x2026: case 0x00B7: case 0x2022: case '|': case '*': case '-': case 0x2013: case 0x2014: case '/':
    case '\\': case '#': case '@': case '+': case '=': case '~': case '^': case '_':
        return 1;
    default:
        return 0;
    }
}

/* One token's lexical word (a new str), or Py_None (borrowed, not increfed) when it is empty. */
static PyObject *
lexical_word(PyObject *string, const Text *t, Py_ssize_t start, Py_ssize_t end)
{
    while (start < end && is_lexical_edge(PyUnicode_READ(t->kind, t->data, start))) start++;
    while (end > start && is_lexical_edge(PyUnicode_READ(t->kind, t->data, end - 1))) end--;
    if (start == end) return Py_None;
    PyObject *piece = PyUnicode_Substring(string, start, end);
    if (piece == NULL) return NULL;
    PyObject *word = casefolded(piece);
    Py_DECREF(piece);
    if (word == NULL) return NULL;
    Py_ssize_t n = PyUnicode_GET_LENGTH(word);
    if (n == 0) {
        Py_DECREF(word);
        return Py_None;
    }
    int kind = PyUnicode_KIND(word);
    const void *data = PyUnicode_DATA(word);
    int alpha = 1, decimal = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, i);
        if (!Py_UNICODE_ISALPHA(ch)) alpha = 0;
        if (classes(ch) & C_DECIMAL) decimal = 1;
    }
    if (alpha || !decimal) return word;
    /* Each run of decimal digits becomes one "0" (re.sub(r"\d+", "0", word)). */
    Py_UCS4 *buffer = PyMem_Malloc((size_t)n * sizeof(Py_UCS4));
    if (buffer == NULL) {
        Py_DECREF(word);
        return PyErr_NoMemory();
    }
    Py_ssize_t length = 0;
    for (Py_ssize_t i = 0; i < n;) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, i);
        if (classes(ch) & C_DECIMAL) {
            while (i < n && (classes(PyUnicode_READ(kind, data, i)) & C_DECIMAL)) i++;
            buffer[length++] = '0';
        }
        else {
            buffer[length++] = ch;
            i++;
        }
    }
    Py_DECREF(word);
    PyObject *out = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, buffer, length);
    PyMem_Free(buffer);
    return out;
}

/* The lexical words of the sample's whitespace-separated tokens, as a tuple. */
static PyObject *
lexical_words(PyObject *string, const Text *t)
{
    PyObject *list = PyList_New(0);
    if (list == NULL) return NULL;
    Py_ssize_t i = t->start, n = t->end;
    while (i < n) {
        if (classes(PyUnicode_READ(t->kind, t->data, i)) & C_SPACE) {
            i++;
            continue;
        }
        Py_ssize_t start = i;
        while (i < n && !(classes(PyUnicode_READ(t->kind, t->data, i)) & C_SPACE)) i++;
        PyObject *word = lexical_word(string, t, start, i);
        if (word == NULL) {
            Py_DECREF(list);
            return NULL;
        }
        if (word == Py_None) continue;
        int failed = PyList_Append(list, word);
        Py_DECREF(word);
        if (failed < 0) {
            Py_DECREF(list);
            return NULL;
        }
    }
    PyObject *out = PyList_AsTuple(list);
    Py_DECREF(list);
    return out;
}

/* ---- line_row ---------------------------------------------------------------------- */

static int
contains_ascii(const Text *t, const char *needle)
{
    Py_ssize_t len = (Py_ssize_t)strlen(needle);
    for (Py_ssize_t i = t->start; i + len <= t->end; i++) {
        Py_ssize_t k = 0;
        while (k < len && PyUnicode_READ(t->kind, t->data, i + k) == (Py_UCS4)(unsigned char)needle[k]) k++;
        if (k == len) return 1;
    }
    return 0;
}

static int
is_bullet(Py_UCS4 ch)
{
    switch (ch) {
    case '*': case '+': case 0x2022: case 0x00B7: case '|': case 0x00BB: case 0x203A: case '>': case '-':
    case 0x2013: case 0x2014: case '#': case 0x25B6: case 0x25BA: case 0x2192: case 0x25B8: case 0x25E6:
    case 0x25A0: case 0x25A1: case 0x25CF: case 0x25CB:
        return 1;
    default:
        return 0;
    }
}

static PyObject *
line_row(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    (void)module;
    if (nargs != 5) {
        PyErr_SetString(PyExc_TypeError,
                        "line_row(text, stopwords, sample_chars, short_words, lexical_max_words) takes 5 arguments");
        return NULL;
    }
    PyObject *text = args[0], *stopwords = args[1];
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "line_row: text must be a str");
        return NULL;
    }
    if (!PyAnySet_Check(stopwords)) {
        PyErr_SetString(PyExc_TypeError, "line_row: stopwords must be a set or frozenset");
        return NULL;
    }
    Py_ssize_t sample_chars = PyLong_AsSsize_t(args[2]);
    if (sample_chars == -1 && PyErr_Occurred()) return NULL;
    long short_words = PyLong_AsLong(args[3]);
    if (short_words == -1 && PyErr_Occurred()) return NULL;
    long lexical_max_words = PyLong_AsLong(args[4]);
    if (lexical_max_words == -1 && PyErr_Occurred()) return NULL;
    if (sample_chars < 1) {
        PyErr_SetString(PyExc_ValueError, "line_row: sample_chars must be positive");
        return NULL;
    }
    if (PyUnicode_READY(text) < 0) return NULL;

    Text whole = {PyUnicode_KIND(text), PyUnicode_DATA(text), 0, PyUnicode_GET_LENGTH(text)};
    Py_ssize_t left = 0, right = whole.end;
    while (left < right && is_space_at(&whole, left)) left++;
    while (right > left && is_space_at(&whole, right - 1)) right--;
    Py_ssize_t indent = left; /* len(text) - len(text.lstrip()) */
    Py_ssize_t n_chars = right - left;
    Text s = whole;
    s.start = left;
    s.end = n_chars > sample_chars ? left + sample_chars : right;
    Py_ssize_t sample_len = s.end - s.start;

    long spaces = 0;
    for (Py_ssize_t i = s.start; i < s.end; i++)
        if (PyUnicode_READ(s.kind, s.data, i) == ' ') spaces++;
    double n_tokens = (double)(spaces + 1);
    if (n_chars > sample_chars)
        n_tokens = rint((double)((long long)(spaces + 1) * (long long)n_chars) / (double)sample_chars);

    PyObject *sample = PyUnicode_Substring(text, s.start, s.end);
    if (sample == NULL) return NULL;
    PyObject *folded = casefolded(sample);
    if (folded == NULL) {
        Py_DECREF(sample);
        return NULL;
    }
    Counts c;
    if (count(sample, &s, stopwords, folded, &c) < 0) {
        Py_DECREF(sample);
        Py_DECREF(folded);
        return NULL;
    }
    double n_words = c.words > 1 ? (double)c.words : 1.0;
    double n_alpha = c.tokens > 1 ? (double)c.tokens : 1.0;
    int has_digit = c.digit_tokens > 0, has_punct = c.punctuation > 0;
    int may_link = contains_ascii(&s, ".") || contains_ascii(&s, "://");
    int ends_sentence = has_punct && sentence_end(&s);
    int is_prose = n_chars >= 160 || (n_tokens >= 8 && (ends_sentence || contains_ascii(&s, ". ")));
    int copyright = 0;
    for (Py_ssize_t i = s.start; i < s.end && !copyright; i++)
        if (PyUnicode_READ(s.kind, s.data, i) == 0x00A9) copyright = 1;
    if (!copyright) {
        Text f = {PyUnicode_KIND(folded), PyUnicode_DATA(folded), 0, PyUnicode_GET_LENGTH(folded)};
        copyright = contains_ascii(&f, "copyright");
    }
    Py_DECREF(folded);
    Py_UCS4 first = n_chars > 0 ? PyUnicode_READ(s.kind, s.data, s.start) : 0;
    double capital = (double)c.titled / n_alpha, upper = (double)c.upper / n_alpha;
    double digit = (double)c.digit_tokens / n_words;
    double values[21] = {
        log1p((double)n_chars),
        log1p(n_tokens),
        (double)c.stop / n_words,
        capital < 1.0 ? capital : 1.0,
        digit < 1.0 ? digit : 1.0,
        upper < 1.0 ? upper : 1.0,
        (double)c.letters / n_words,
        (double)c.punctuation / (double)(sample_len > 1 ? sample_len : 1),
        (double)ends_sentence,
        (double)(sample_len > 0 && PyUnicode_READ(s.kind, s.data, s.end - 1) == ':'),
        (double)(n_chars > 0 && is_bullet(first)),
        log1p((double)c.separators),
        (double)(has_digit && has_date(&s)),
        (double)(has_digit && has_time(&s)),
        (double)(has_digit && has_year(&s)),
        (double)(may_link && has_link(&s)),
        (double)copyright,
        log1p((double)indent),
        (double)is_prose,
        0.0,
        0.0,
    };
    PyObject *row = PyTuple_New(21);
    if (row == NULL) {
        Py_DECREF(sample);
        return NULL;
    }
    for (int k = 0; k < 21; k++) {
        PyObject *value = PyFloat_FromDouble(values[k]);
        if (value == NULL) {
            Py_DECREF(row);
            Py_DECREF(sample);
            return NULL;
        }
        PyTuple_SET_ITEM(row, k, value);
    }
    PyObject *words;
    if (n_tokens <= (double)lexical_max_words)
        words = lexical_words(text, &s);
    else
        words = PyTuple_New(0);
    Py_DECREF(sample);
    if (words == NULL) {
        Py_DECREF(row);
        return NULL;
    }
    PyObject *is_short = PyBool_FromLong(n_tokens <= (double)short_words);
    PyObject *out = PyTuple_Pack(3, row, words, is_short);
    Py_DECREF(row);
    Py_DECREF(words);
    Py_DECREF(is_short);
    return out;
}

/* ---- line_counts (line_counts of pure.py): the counts alone ---------------------------- */

static PyObject *
line_counts(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    (void)module;
    if (nargs != 2) {
        PyErr_SetString(PyExc_TypeError, "line_counts(sample, stopwords) takes 2 arguments");
        return NULL;
    }
    PyObject *sample = args[0], *stopwords = args[1];
    if (!PyUnicode_Check(sample)) {
        PyErr_SetString(PyExc_TypeError, "line_counts: sample must be a str");
        return NULL;
    }
    if (!PyAnySet_Check(stopwords)) {
        PyErr_SetString(PyExc_TypeError, "line_counts: stopwords must be a set or frozenset");
        return NULL;
    }
    if (PyUnicode_READY(sample) < 0) return NULL;
    Text t = {PyUnicode_KIND(sample), PyUnicode_DATA(sample), 0, PyUnicode_GET_LENGTH(sample)};
    PyObject *folded = casefolded(sample);
    if (folded == NULL) return NULL;
    Counts c;
    int failed = count(sample, &t, stopwords, folded, &c) < 0;
    Py_DECREF(folded);
    if (failed) return NULL;
    return Py_BuildValue("(lllllllll)", c.words, c.letters, c.stop, c.tokens, c.titled, c.upper, c.digit_tokens,
                         c.punctuation, c.separators);
}

/* ---- module ----------------------------------------------------------------------- */

static PyMethodDef methods[] = {
    {"line_counts", (PyCFunction)(void (*)(void))line_counts, METH_FASTCALL,
     "line_counts(sample, stopwords): the character-class counts of one line (see textfix.native.pure)."},
    {"line_row", (PyCFunction)(void (*)(void))line_row, METH_FASTCALL,
     "line_row(text, stopwords, sample_chars, short_words, lexical_max_words): the shape row of one line "
     "of the chrome-line model (see textfix.native.pure)."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT, "textfix.native._lines",
    "BP401's per-line shape row, compiled (the semantics are textfix.native.pure.line_row's).", -1, methods,
};

PyMODINIT_FUNC
PyInit__lines(void)
{
    for (Py_UCS4 ch = 0; ch < 256; ch++) latin1_classes[ch] = compute_classes(ch);
    return PyModule_Create(&module_def);
}
