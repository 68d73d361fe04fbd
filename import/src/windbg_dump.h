/* Internal: one dump of a .NET process as the debugger outputs describe
 * it, accumulated over one or several files (windbg_log.c parses them) and
 * then turned into a snapshot and its assembly records. Assemblies are
 * kept compactly (a small struct, their strings in one arena, their
 * identity as a hash), so that a dump listing 300,000 of them costs a few
 * tens of MB, not a JSON object each. */
#ifndef LEAKLAB_WINDBG_DUMP_H
#define LEAKLAB_WINDBG_DUMP_H

#include "import_internal.h"
#include "key_table.h"

#include <stdint.h>

/* The SOS commands whose output a dump can hold; a file that shows one
 * the dump already has starts the next dump. */
enum ll_sos_command {
    LL_SOS_ADDRESS_SUMMARY = 1 << 0,
    LL_SOS_EEHEAP_GC = 1 << 1,
    LL_SOS_EEHEAP_LOADER = 1 << 2,
    LL_SOS_DUMPDOMAIN = 1 << 3,
    LL_SOS_DUMPMODULE = 1 << 4,
    LL_SOS_DUMPHEAP = 1 << 5,
    LL_SOS_DUMPHEAP_TYPES = 1 << 6, /* !dumpheap -type X -stat: facts about some types, never a repeat */
    LL_SOS_GCROOT = 1 << 7,         /* !gcroot: chains to an object, one per object, never a repeat */
    LL_SOS_NATIVE_HEAP = 1 << 8,    /* !heap -s, -stat -h, -p -a: facts about native heaps, never a repeat */
    LL_SOS_THREADS = 1 << 9,        /* !threads' counts */
    LL_SOS_DUMPOBJ = 1 << 10,       /* !dumpobj, dumpalc: one object each, never a repeat */
    LL_SOS_DUMPMT = 1 << 11,        /* !dumpmt: one type each, never a repeat */
};

enum ll_assembly_origin { LL_ORIGIN_FILE, LL_ORIGIN_BYTES, LL_ORIGIN_EMIT };

struct ll_dump_assembly {
    uint64_t key;       /* hash of "domain address name" */
    uint32_t domain;    /* index in ll_windbg_dump.domains */
    uint32_t text;      /* arena offset: name, version, path, then module address and name pairs */
    uint16_t modules;   /* module lines that followed it */
    uint8_t origin;     /* enum ll_assembly_origin */
};

typedef struct ll_windbg_dump {
    unsigned commands;          /* enum ll_sos_command, bits */
    json_t *files;              /* the files it came from */
    json_t *module_listings;    /* the !dumpmodule -mt shown (module key -> true): one shown again is a new dump */
    json_t *memory;             /* kind -> {"size", "regions"} */
    long long commit, reserve, busy;
    long long gc_allocated, gc_committed, gc_total, gc_heaps_sum;
    int gc_heaps_seen, gc_heap_count;
    long long loader_total, loader_sum, loader_wasted;
    int loader_rows_complete; /* SOS 8 layout: the rows summed are the whole loader heap */
    struct ll_dump_assembly *assemblies;
    size_t assembly_count, assembly_capacity;
    char *arena;
    size_t arena_len, arena_capacity;
    ll_key_table seen;          /* assembly keys: an output shown twice adds nothing */
    json_t *domains;            /* names, by index */
    json_t *modules;            /* module address or name -> {"types", "refs"} */
    json_t *dumpheap;           /* [{"type","count","size"}] */
    json_t *gcroots;            /* !gcroot's chains: [{"root", "chain": [type...]}] */
    json_t *native_heaps;       /* !heap -s: [{"heap", "reserve", "commit"}] */
    json_t *heap_sizes;         /* !heap -stat -h: [{"heap", "size", "blocks", "total", "share"}] */
    json_t *allocation_stacks;  /* !heap -p -a: [{"size", "frames": [...]}] */
    json_t *thread_counts;      /* !threads: {"threads", "background_threads", "dead_threads"} */
    json_t *objects;            /* !dumpobj, dumpalc: [{"type", "size", "items", "context_state", ...}] */
    json_t *collectible_types;  /* !dumpmt of a collectible type: [{"type", "loader_allocator"}] */
    long long dumpheap_total;
    long long dumpheap_objects; /* from the "Total N objects" row, or -1 */
    int dumpheap_cut;           /* the table was cut where the user left "..." or "... and more" */
    int skipping_modules;       /* the last assembly line was one already listed */
    int failed;                 /* out of memory */
    unsigned bounds_warned;     /* enum ll_sos_bound, bits: the tables cut, said once */
} ll_windbg_dump;

ll_windbg_dump *ll__windbg_dump_new(void);
void ll__windbg_dump_free(ll_windbg_dump *d);
int ll__windbg_dump_empty(const ll_windbg_dump *d);

/* An assembly of DOMAIN from its !dumpdomain line's address and bracketed
 * CONTENT (a path or a display name); DYNAMIC for "(Dynamic)". */
void ll__windbg_dump_add_assembly(ll_windbg_dump *d, const char *domain, const char *address, const char *content,
                                 int dynamic);
/* A module line under the last assembly added: its address and name. */
void ll__windbg_dump_add_module(ll_windbg_dump *d, const char *address, const char *name);

/* Rows of `!dumpheap -type X -stat` (borrowed) into D's table: a type
 * listed again takes its latest row. */
void ll__windbg_dump_add_type_rows(ll_windbg_dump *d, json_t *rows);
/* Moves what FROM holds into INTO (the later file's figures win) and frees
 * FROM. */
void ll__windbg_dump_merge(ll_windbg_dump *into, ll_windbg_dump *from);

/* Appends the dump's assembly, unload and snapshot records to the import.
 * DUMP_INDEX is the snapshot's index. */
void ll__windbg_dump_emit(ll_import *im, ll_windbg_dump *d);
/* The strings of A: name, version, path (empty if none), then its
 * modules' address and name pairs, by INDEX. */
const char *ll__dump_assembly_text(const ll_windbg_dump *d, const struct ll_dump_assembly *a, int index);

/* An address as debuggers print it ("00007ffc`072b1000", "0x7ffc072b1000")
 * in one canonical form (lowercase hex, no prefix or leading zeros), or
 * -1 if ADDRESS is not one. */
int ll__canonical_address(const char *address, char *out, size_t len);

#endif
