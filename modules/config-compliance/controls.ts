import { DeclaredControl, declareControls } from '../../controls/declarations';
import { DEFAULT_RULE_PACKS, RULE_PACKS, RulePackName, S3_MANAGED_RULES } from './managed-rules';

/** ConfigRecorder turns AWS Config on: all supported resources, global ones included. */
export const CONFIG_RECORDER_CONTROLS = declareControls({
  module: 'ConfigRecorder',
  controls: [{ control: 'config-enabled', prop: 'includeGlobalResourceTypes', byDefault: true }],
});

/** Each managed rule's controls, by the pack that deploys it (or by name, for rules of no pack). */
function ruleEntries(): DeclaredControl[] {
  const packs = Object.keys(RULE_PACKS) as RulePackName[];
  return S3_MANAGED_RULES.flatMap((rule) => {
    const inPacks = packs.filter((p) => (RULE_PACKS[p].rules as readonly string[]).includes(rule.name));
    const props = inPacks.length
      ? inPacks.map((p) => ({ prop: `packs[${p}]`, byDefault: DEFAULT_RULE_PACKS.includes(p) }))
      : [{ prop: `rules[${rule.name}]`, byDefault: false }];
    return rule.controls.flatMap((control) => props.map((p) => ({ control, ...p, via: rule.identifier })));
  });
}

/** The controls whose AWS Config managed rule S3ComplianceRules deploys, and the pack or rule name behind each. */
export const S3_COMPLIANCE_RULES_CONTROLS = declareControls({
  module: 'S3ComplianceRules',
  role: 'detects',
  controls: ruleEntries(),
});
