// expect: dangling-view
// SPDX-License-Identifier: GPL-2.0
#include <rex/rex.hpp>

/* 33 views, each assigned from the next: w ends up viewing a. */
static int f()
{
	rex::span<int> w;
	{
		int a[2] = {1, 2};
		rex::span<int> v0;
		rex::span<int> v1;
		rex::span<int> v2;
		rex::span<int> v3;
		rex::span<int> v4;
		rex::span<int> v5;
		rex::span<int> v6;
		rex::span<int> v7;
		rex::span<int> v8;
		rex::span<int> v9;
		rex::span<int> v10;
		rex::span<int> v11;
		rex::span<int> v12;
		rex::span<int> v13;
		rex::span<int> v14;
		rex::span<int> v15;
		rex::span<int> v16;
		rex::span<int> v17;
		rex::span<int> v18;
		rex::span<int> v19;
		rex::span<int> v20;
		rex::span<int> v21;
		rex::span<int> v22;
		rex::span<int> v23;
		rex::span<int> v24;
		rex::span<int> v25;
		rex::span<int> v26;
		rex::span<int> v27;
		rex::span<int> v28;
		rex::span<int> v29;
		rex::span<int> v30;
		rex::span<int> v31;
		rex::span<int> v32;
		v32 = v31;
		v31 = v30;
		v30 = v29;
		v29 = v28;
		v28 = v27;
		v27 = v26;
		v26 = v25;
		v25 = v24;
		v24 = v23;
		v23 = v22;
		v22 = v21;
		v21 = v20;
		v20 = v19;
		v19 = v18;
		v18 = v17;
		v17 = v16;
		v16 = v15;
		v15 = v14;
		v14 = v13;
		v13 = v12;
		v12 = v11;
		v11 = v10;
		v10 = v9;
		v9 = v8;
		v8 = v7;
		v7 = v6;
		v6 = v5;
		v5 = v4;
		v4 = v3;
		v3 = v2;
		v2 = v1;
		v1 = v0;
		v0 = a;
		w = v32;
	}
	return w.empty() ? 0 : w[0];
}
static rex::xdp_action run(rex::xdp_ctx &)
{
	return f() ? rex::xdp_action::pass : rex::xdp_action::drop;
}
REX_PROGRAM(t, run);
