// SPDX-License-Identifier: GPL-2.0
/*
 * Views whose targets outlive them, in the shapes the dangling-view and
 * dangling-return rules must accept.
 */
#include <rex/rex.hpp>

REX_MAP(hits, rex::hash_map<rex::u32, rex::u64, 16>);
REX_MAP(slots, rex::array_map<rex::u64, 4>);

struct window {
	rex::span<int> values;
	int first;
};

struct cursor {
	rex::span<int> rest;

	rex::span<int> take(rex::usize n)
	{
		rex::span<int> head = rest.first(n);
		rest = rest.subspan(n);
		return head;
	}
};

struct holder {
	rex::span<int> values;
	void aim(rex::span<int> v) { values = v; }
};

struct pair_of {
	int values[2];
	rex::span<int> all() { return values; }
	int &left() { return values[0]; }
};

/* Views of parameters' targets, of members, through the program's functions. */
static rex::span<int> tail(rex::span<int> s)
{
	return s.subspan(1);
}

static const int &larger(const int &a, const int &b)
{
	return a > b ? a : b;
}

static window window_of(rex::span<int> data)
{
	return window{tail(data), 0};
}

static void point_at(rex::span<int> &out, rex::span<int> to)
{
	out = to;
}

static rex::optional<rex::u64 &> find(rex::u32 key)
{
	auto v = hits.lookup(key);
	if (!v)
		v = slots.lookup(key % 4);
	return v;
}

template <typename F>
static F keep(F f)
{
	return f;
}

template <typename F>
static void each(rex::span<int> values, F f)
{
	for (int &v : values)
		f(v);
}

static int use_views()
{
	int a[4] = {1, 2, 3, 4};
	int b[4] = {5, 6, 7, 8};
	rex::span<int> s = a;
	if (a[0] == 1)
		s = b; /* b lives as long as s */
	point_at(s, a);
	rex::optional<rex::span<int>> o = rex::span<int>(a);
	o = rex::span<int>(b);
	const int &m = larger(a[1], b[1]);
	window w = window_of(s);
	cursor c{s};
	rex::span<int> head = c.take(2);
	pair_of p{{9, 10}};
	int sum = 0;
	for (int v : p.all())
		sum += v;
	for (int v : rex::array<int, 3>{1, 2, 3})
		sum += v;
	p.left() = m;
	int total = 0;
	auto add = keep([&total](int v) { total += v; });
	each(head, add);
	each(w.values, [&](int &v) { v += total; });
	holder h;
	h.aim(b);
	auto aim = [&s](rex::span<int> v) { s = v; };
	aim(a);
	rex::string_view name = "short";
	name = "a longer name";
	return sum + total + static_cast<int>(name.size()) + tail(b)[0] + (*o)[0] + h.values[0] + s[0];
}

static int use_maps()
{
	rex::optional<rex::u64 &> last;
	for (rex::u32 i = 0; i < 4; i++) {
		rex::u32 key = i * 3;
		last = hits.lookup(key);
	}
	if (auto v = find(rex::u32{3})) {
		rex::u64 &r = *v;
		r++;
	}
	return last ? static_cast<int>(*last) : 0;
}

static rex::xdp_action run(rex::xdp_ctx &)
{
	return use_views() + use_maps() ? rex::xdp_action::pass : rex::xdp_action::drop;
}

REX_PROGRAM(t, run);
