// simdjson behind simd_doc.h: one DOM parser, reused line after line, and
// the checks that keep its verdicts jansson's (see simd_doc.h).
#include "simd_doc.h"

#include <simdjson.h>

#include <cstdint>
#include <cmath>
#include <cstring>
#include <new>
#include <string_view>
#include <vector>

using simdjson::dom::element;
using simdjson::dom::element_type;
using simdjson::dom::object;

static_assert(sizeof(element) <= sizeof(((ll_value *)nullptr)->simd), "an element fits in ll_value");
static_assert(LL_SIMD_PADDING >= simdjson::SIMDJSON_PADDING, "the padding simdjson reads past a line");

struct ll_simd_doc {
    simdjson::dom::parser parser;
    element root;
    std::vector<std::string_view> keys; // scratch for the duplicate-key check
    std::vector<size_t> slots;          // its hash table, for objects of many keys
    const char *line = nullptr;
    size_t len = 0;
    json_t *json = nullptr; // built from LINE on demand
};

namespace {

// A hash of the whole key, 8 bytes at a time, finished by MurmurHash3's
// mix: keys alike but in a few bytes (counter-017, counter-018) must
// spread, and hostile keys alike but in their middle must not all collide.
size_t key_hash(std::string_view key)
{
    uint64_t h = key.size() * 0x9E3779B97F4A7C15ULL;
    size_t i = 0;
    for (; i + 8 <= key.size(); i += 8) {
        uint64_t word;
        std::memcpy(&word, key.data() + i, 8);
        h = (h ^ word) * 0xff51afd7ed558ccdULL;
        h ^= h >> 29;
    }
    uint64_t last = 0;
    std::memcpy(&last, key.data() + i, key.size() - i);
    h = (h ^ last) * 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    return (size_t)h;
}

// Whether MEMBERS, an object of many keys, has two equal ones, through a
// hash table of their indexes: a hostile object of a million keys costs n,
// not n^2.
bool duplicate_among_many(ll_simd_doc *d, object members)
{
    d->keys.clear();
    for (auto member : members)
        d->keys.push_back(member.key);
    size_t n = d->keys.size(), cap = 64;
    while (cap < 2 * n)
        cap *= 2;
    d->slots.assign(cap, SIZE_MAX);
    for (size_t i = 0; i < n; i++) {
        size_t h = key_hash(d->keys[i]) & (cap - 1);
        for (; d->slots[h] != SIZE_MAX; h = (h + 1) & (cap - 1))
            if (d->keys[d->slots[h]] == d->keys[i])
                return true;
        d->slots[h] = i;
    }
    return false;
}

constexpr size_t FEW_KEYS = 16;

bool jansson_would_accept(ll_simd_doc *d, element value);

// An object is accepted when no two keys are equal (JSON_REJECT_DUPLICATES)
// and every value is. No NUL can hide in a key or a string: only a \u0000
// escape makes one, and ll__simd_parse declines every \u escape.
bool object_would_be_accepted(ll_simd_doc *d, object members)
{
    if (members.size() > FEW_KEYS && duplicate_among_many(d, members))
        return false;
    std::string_view few[FEW_KEYS];
    size_t n = 0;
    for (auto member : members) {
        if (n < FEW_KEYS && members.size() <= FEW_KEYS) {
            for (size_t k = 0; k < n; k++)
                if (few[k] == member.key)
                    return false;
            few[n++] = member.key;
        }
        if (!jansson_would_accept(d, member.value))
            return false;
    }
    return true;
}

// Whether VALUE and all it holds would be accepted by jansson too.
bool jansson_would_accept(ll_simd_doc *d, element value)
{
    switch (value.type()) {
    case element_type::OBJECT: {
        object members;
        return value.get_object().get(members) == simdjson::SUCCESS && object_would_be_accepted(d, members);
    }
    case element_type::ARRAY: {
        simdjson::dom::array items;
        if (value.get_array().get(items) != simdjson::SUCCESS)
            return false;
        for (element item : items)
            if (!jansson_would_accept(d, item))
                return false;
        return true;
    }
    case element_type::UINT64: // beyond int64: jansson's "too big integer"
        return false;
    case element_type::DOUBLE: {
        double number;
        return value.get_double().get(number) == simdjson::SUCCESS && std::isfinite(number);
    }
    default:
        return true;
    }
}

void store(ll_value *out, element e)
{
    std::memcpy(out->simd, &e, sizeof e);
}

element stored(const ll_value *v)
{
    element e;
    std::memcpy(&e, v->simd, sizeof e);
    return e;
}

ll_value value_of(element e)
{
    ll_value v{};
    store(&v, e);
    switch (e.type()) {
    case element_type::OBJECT:
        v.kind = LL_VALUE_OBJECT;
        break;
    case element_type::ARRAY:
        v.kind = LL_VALUE_ARRAY;
        break;
    case element_type::INT64: {
        int64_t integer = 0;
        v.kind = e.get_int64().get(integer) == simdjson::SUCCESS ? LL_VALUE_INTEGER : LL_VALUE_ABSENT;
        v.integer = integer;
        v.number = (double)integer;
        break;
    }
    case element_type::DOUBLE:
        v.kind = e.get_double().get(v.number) == simdjson::SUCCESS ? LL_VALUE_REAL : LL_VALUE_ABSENT;
        break;
    case element_type::STRING:
        v.kind = e.get_c_str().get(v.string) == simdjson::SUCCESS ? LL_VALUE_STRING : LL_VALUE_ABSENT;
        break;
    case element_type::BOOL: {
        bool b = false;
        v.kind = e.get_bool().get(b) == simdjson::SUCCESS ? LL_VALUE_BOOLEAN : LL_VALUE_ABSENT;
        v.integer = b;
        break;
    }
    case element_type::NULL_VALUE:
        v.kind = LL_VALUE_NULL;
        break;
    case element_type::UINT64: // refused by jansson_would_accept
        v.kind = LL_VALUE_ABSENT;
        break;
    }
    return v;
}

} // namespace

ll_simd_doc *ll_simd_doc_new(void)
{
    return new (std::nothrow) ll_simd_doc();
}

void ll__simd_doc_free(ll_simd_doc *d)
{
    if (d)
        json_decref(d->json);
    delete d;
}

const char *ll__simd_line(const ll_simd_doc *d, size_t *len)
{
    *len = d->len;
    return d->line;
}

json_t *ll__simd_json(ll_simd_doc *d)
{
    if (!d->json && d->line)
        d->json = json_loadb(d->line, d->len, JSON_REJECT_DUPLICATES, nullptr);
    return d->json;
}

int ll__simd_parse(ll_simd_doc *d, const char *line, size_t len)
{
    json_decref(d->json);
    d->json = nullptr;
    d->line = line;
    d->len = len;
    // A \u escape may stand for what jansson refuses (a lone surrogate, a
    // NUL): such a line is jansson's to judge.
    const char *end = line + len;
    for (const char *p = line; p < end && (p = static_cast<const char *>(std::memchr(p, '\\', (size_t)(end - p))));
         p += 2)
        if (p + 1 < end && p[1] == 'u')
            return -1;
    try {
        if (d->parser.parse(line, len, false).get(d->root) != simdjson::SUCCESS)
            return -1;
        return d->root.type() == element_type::OBJECT && jansson_would_accept(d, d->root) ? 0 : -1;
    } catch (const std::bad_alloc &) {
        return -1;
    }
}

ll_value ll__simd_value(const ll_simd_doc *d, const char *path)
{
    element node = d->root;
    const char *part = path;
    while (*part) {
        const char *dot = std::strchr(part, '.');
        size_t n = dot ? (size_t)(dot - part) : std::strlen(part);
        object members;
        if (node.get_object().get(members) != simdjson::SUCCESS ||
            members.at_key(std::string_view(part, n)).get(node) != simdjson::SUCCESS)
            return ll_value{};
        part += n + (dot ? 1 : 0);
    }
    return value_of(node);
}

int ll__simd_each_member(const ll_value *value, ll_member_visitor visit, void *ctx)
{
    object members;
    if (value->kind != LL_VALUE_OBJECT || stored(value).get_object().get(members) != simdjson::SUCCESS)
        return 0;
    for (auto member : members) {
        // Keys are NUL-terminated in simdjson's string buffer.
        ll_value v = value_of(member.value);
        int rc = visit(member.key.data(), &v, ctx);
        if (rc)
            return rc;
    }
    return 0;
}

int ll__simd_each_item(const ll_value *value, ll_item_visitor visit, void *ctx)
{
    simdjson::dom::array items;
    if (value->kind != LL_VALUE_ARRAY || stored(value).get_array().get(items) != simdjson::SUCCESS)
        return 0;
    for (element item : items) {
        ll_value v = value_of(item);
        int rc = visit(&v, ctx);
        if (rc)
            return rc;
    }
    return 0;
}

ll_value ll__simd_member(const ll_value *value, const char *key)
{
    object members;
    element member;
    if (value->kind != LL_VALUE_OBJECT || stored(value).get_object().get(members) != simdjson::SUCCESS ||
        members.at_key(key).get(member) != simdjson::SUCCESS)
        return ll_value{};
    return value_of(member);
}
