# A recorded stack bound over the 47 KiB budget.
expect_refused stack-over-budget.rex xdp E2BIG "exceeds the budget"
