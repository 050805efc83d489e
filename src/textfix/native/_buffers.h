/* The array arguments of textfix's C kernels (_native.c, _boiler.c), read through the buffer
 * protocol: no numpy headers at build time. Each C file is its own extension module, so the
 * helpers are static here and every module that includes this header gets its own copy. */
#ifndef TEXTFIX_NATIVE_BUFFERS_H
#define TEXTFIX_NATIVE_BUFFERS_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>

typedef struct {
    Py_buffer view;
    int held;
} Array;

/* Release the first count arrays that were taken. */
static void
release(Array *arrays, int count)
{
    for (int i = 0; i < count; i++)
        if (arrays[i].held) PyBuffer_Release(&arrays[i].view);
}

/* Take a C-contiguous ndim-d buffer of items of one kind: 'd' float64, 'q' int64, '?' bool (one
 * byte). On a wrong buffer, a TypeError that names the kernel (function) and the argument (name). */
static int
take(PyObject *obj, Array *array, char kind, int ndim, int writable, const char *function, const char *name)
{
    int flags = PyBUF_C_CONTIGUOUS | PyBUF_FORMAT | (writable ? PyBUF_WRITABLE : 0);
    if (PyObject_GetBuffer(obj, &array->view, flags) < 0) return -1;
    array->held = 1;
    const char *format = array->view.format ? array->view.format : "B";
    if (*format == '@' || *format == '=' || *format == '<') format++;
    int ok = array->view.ndim == ndim && format[0] != '\0' && format[1] == '\0';
    if (ok && kind == 'd') ok = array->view.itemsize == 8 && format[0] == 'd';
    if (ok && kind == 'q') ok = array->view.itemsize == 8 && (format[0] == 'q' || format[0] == 'l');
    if (ok && kind == '?') ok = array->view.itemsize == 1 && format[0] == '?';
    if (!ok) {
        PyErr_Format(PyExc_TypeError, "%s: %s must be a C-contiguous %d-d %s array", function, name, ndim,
                     kind == 'd' ? "float64" : (kind == 'q' ? "int64" : "bool"));
        return -1;
    }
    return 0;
}

#endif
