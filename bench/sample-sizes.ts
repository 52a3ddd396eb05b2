// BENCH_COLD_RUNS=0 skips the cold starts: a quicker run while iterating.
export const COLD_RUNS = Number(process.env.BENCH_COLD_RUNS ?? 10);
export const WARM_RUNS = Number(process.env.BENCH_WARM_RUNS ?? 200);
export const HTTP_RUNS = Math.ceil(WARM_RUNS / 2);
export const SCALE_RUNS = Math.ceil(WARM_RUNS / 2);
export const SCALE = { members: 10_000, invitations: 1_000, smallMembers: 10, smallInvitations: 10 };
/** Fresh orgs the cost phase sends the traffic mix to, after one that warms the handlers up. */
export const COST_ROUNDS = 10;
