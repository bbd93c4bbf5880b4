/**
 * A language's messages, nested by screen. A message with a count has one
 * key per plural category of its language (`_one`, `_other`; Arabic also
 * `_zero`, `_two`, `_few`, `_many`; Spanish `_many`), i18next's suffixes.
 */
export interface Catalog {
  readonly [key: string]: string | Catalog;
}
