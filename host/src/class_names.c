/* Class names as SOS prints them ("Namespace.Outer+Inner",
 * "List<System.String>", "System.Byte[]"), for the heap-shot's rows, kept
 * from one heap-shot to the next until a context is unloaded (runtime.h). */
#include "class_names.h"
#include "class_counts.h"
#include "runtime.h"

#include "leaklab/text.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Names are kept from one heap-shot to the next (naming a class costs a
 * microsecond or two, for hundreds of classes), until a context is
 * unloaded: its classes are then freed and their addresses may come back
 * as other classes. Each distinct name has an id, so that the classes of
 * one name (a proxy compiled in a thousand assemblies) add up without
 * comparing strings. */
static struct {
    struct named_class {
        const void *klass;
        long id;
    } *classes;
    size_t classes_cap, classes_used; /* a power of two, for open addressing */
    long *ids_by_text;                /* open addressing on the text's hash; -1: free */
    size_t texts_cap;                 /* of ids_by_text; a power of two */
    char **texts;                     /* by id */
    long text_count, texts_room;
    volatile int stale;
} names;

static void forget_names(void)
{
    for (long i = 0; i < names.text_count; i++)
        free(names.texts[i]);
    free(names.texts);
    free(names.classes);
    free(names.ids_by_text);
    memset(&names, 0, sizeof names);
}

void ll__class_names_stale(void)
{
    names.stale = 1;
}

static size_t text_hash(const char *text, size_t cap)
{
    uint64_t h = UINT64_C(1469598103934665603); /* FNV-1a */
    for (const unsigned char *p = (const unsigned char *)text; *p; p++)
        h = (h ^ *p) * UINT64_C(1099511628211);
    return (size_t)h & (cap - 1);
}

static size_t class_slot(struct named_class *classes, size_t cap, const void *klass)
{
    size_t i = ll__class_hash(klass, cap);
    while (classes[i].klass && classes[i].klass != klass)
        i = (i + 1) & (cap - 1);
    return i;
}

static size_t text_slot(const char *text)
{
    size_t i = text_hash(text, names.texts_cap);
    while (names.ids_by_text[i] >= 0 && strcmp(names.texts[names.ids_by_text[i]], text) != 0)
        i = (i + 1) & (names.texts_cap - 1);
    return i;
}

static int grow_classes(void)
{
    size_t cap = names.classes_cap ? names.classes_cap * 2 : 1024;
    struct named_class *classes = calloc(cap, sizeof *classes);
    if (!classes)
        return -1;
    for (size_t i = 0; i < names.classes_cap; i++)
        if (names.classes[i].klass)
            classes[class_slot(classes, cap, names.classes[i].klass)] = names.classes[i];
    free(names.classes);
    names.classes = classes;
    names.classes_cap = cap;
    return 0;
}

/* Room for one more distinct name, in the id table and in the index. */
static int grow_texts(void)
{
    if (names.text_count == names.texts_room) {
        long room = names.texts_room ? names.texts_room * 2 : 512;
        char **texts = realloc(names.texts, (size_t)room * sizeof *texts);
        if (!texts)
            return -1;
        names.texts = texts;
        names.texts_room = room;
    }
    if ((size_t)(names.text_count + 1) * 2 < names.texts_cap)
        return 0;
    size_t cap = names.texts_cap ? names.texts_cap * 2 : 1024;
    long *index = malloc(cap * sizeof *index);
    if (!index)
        return -1;
    free(names.ids_by_text);
    names.ids_by_text = index;
    names.texts_cap = cap;
    for (size_t i = 0; i < cap; i++)
        index[i] = -1;
    for (long id = 0; id < names.text_count; id++)
        index[text_slot(names.texts[id])] = id;
    return 0;
}

/* The id of TEXT (taken over), or -1 when out of memory (TEXT freed). */
static long intern(char *text)
{
    if (grow_texts() < 0) {
        free(text);
        return -1;
    }
    size_t i = text_slot(text);
    if (names.ids_by_text[i] >= 0) {
        free(text);
        return names.ids_by_text[i];
    }
    names.texts[names.text_count] = text;
    return names.ids_by_text[i] = names.text_count++;
}

long ll__class_name_id(const void *klass)
{
    if (names.stale)
        forget_names();
    if ((names.classes_used + 1) * 4 >= names.classes_cap * 3 && grow_classes() < 0)
        return -1;
    size_t i = class_slot(names.classes, names.classes_cap, klass);
    if (!names.classes[i].klass) {
        char *whole = ll__runtime()->class_name(klass), *text = whole ? ll_name_cut(whole) : NULL;
        free(whole);
        long id = text ? intern(text) : -1;
        if (id < 0)
            return -1;
        names.classes[i] = (struct named_class){klass, id};
        names.classes_used++;
    }
    return names.classes[i].id;
}

long ll__class_name_count(void)
{
    return names.text_count;
}

const char *ll__class_name_text(long id)
{
    return names.texts[id];
}

long ll__class_name_find(const char *text)
{
    if (names.stale || !names.texts_cap)
        return -1;
    return names.ids_by_text[text_slot(text)];
}
