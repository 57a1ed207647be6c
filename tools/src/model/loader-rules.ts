/**
 * Rule ids of the diagnostics the loader itself reports (semantic rules have their own, in
 * tools/src/rules). Every one is an error unless noted.
 */
export const loaderRules = {
  'yaml-syntax':
    'A YAML file does not parse: syntax errors, duplicate keys, several documents in one file, non-scalar keys, alias expansion or nesting beyond the limits.',
  schema:
    'A document does not match the JSON Schema of its kind (schemas/*.schema.json). Where a semantic rule owns the property (its schema says `x-consortium-rule`), the finding carries that rule id instead, e.g. channel-name or chaincode-sequence.',
  'repository-layout':
    'A file is not where the toolkit looks for it, a folder lacks its org.yaml or channel.yaml, consortium/consortium.yaml is missing, or an id or name differs from its folder or file name. Unexpected files that are not YAML are warnings.',
  'file-too-large': 'A YAML file is larger than the limit (1 MiB by default) and was not parsed.',
  'file-encoding': 'A YAML file is binary or not valid UTF-8.',
  'file-read': 'A file could not be read.',
  symlink:
    'A symbolic link points outside the repository (error) or sits among the consortium files (warning); links are never followed.',
  'missing-file': 'A certificate path in an org.yaml names a file that does not exist.',
} as const;

export type LoaderRuleId = keyof typeof loaderRules;
