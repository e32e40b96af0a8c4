import { DATA_LOSS_RULES } from "./data-loss";
import { EXPOSURE_RULES } from "./exposure";
import { OUTAGE_RULES } from "./outage";
import { REDISTRIBUTION_RULES } from "./redistribution";
import type { ImpactRule } from "./rule";

/** The whole classification table, one file per impact category. */
export const IMPACT_RULES: readonly ImpactRule[] = [
  ...OUTAGE_RULES,
  ...REDISTRIBUTION_RULES,
  ...EXPOSURE_RULES,
  ...DATA_LOSS_RULES,
];
