/** Keys that reach `Object.prototype` or a constructor when assigned. */
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * True for `__proto__`, `constructor` and `prototype`. The codec refuses them at any depth
 * (`unsafe_key`): frontmatter travels to validation, scripts and storage, where such keys are
 * the classic way to pollute prototypes, and no Kira property uses them.
 */
export function isUnsafeKey(key: string): boolean {
  return UNSAFE_KEYS.has(key);
}
