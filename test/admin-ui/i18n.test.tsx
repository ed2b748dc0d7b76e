import { describe, expect, it } from 'vitest';
import englishMessages from 'ra-language-english';
import { enMessages, i18nProvider, zhMessages } from '../../admin-ui/src/i18n';
import { caseSources, caseStatuses, listingLevels } from '../../domain/case-status';
import { schemeSections, sectionLabels } from '../../domain/scores/scheme';

function keys(obj: object, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) =>
    v && typeof v === 'object' ? keys(v as object, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

describe('console messages', () => {
  it('has every English key in Chinese (react-admin’s own included), and the same product keys in both', () => {
    const zh = new Set(keys(zhMessages));
    expect(keys(enMessages).filter((k) => !zh.has(k))).toEqual([]);
    const product = (ks: string[]) => ks.filter((k) => !k.startsWith('ra.')).sort();
    expect(product(keys(zhMessages))).toEqual(product(keys(enMessages)));
  });

  it('has a Chinese text for every react-admin message, not the English fallback', () => {
    // ra.boolean.null is a blank in every language; a list page is named by its resource alone in both (隐患案件).
    const same = new Set(['ra.boolean.null', 'ra.page.list']);
    const english = keys(englishMessages).filter((k) => k.startsWith('ra.') && !same.has(k));
    const get = (o: object, k: string) =>
      k.split('.').reduce<unknown>((a, b) => (a as Record<string, unknown> | undefined)?.[b], o);
    const untranslated = english.filter((k) => get(zhMessages, k) === get(englishMessages, k));
    expect(untranslated).toEqual([]);
  });

  it('names every status, source and level in both languages', () => {
    for (const messages of [zhMessages, enMessages]) {
      const all = new Set(keys(messages));
      for (const s of caseStatuses) expect(all.has(`status.${s}`), `status.${s}`).toBe(true);
      for (const s of caseSources) expect(all.has(`source.${s}`), `source.${s}`).toBe(true);
      for (const l of listingLevels) expect(all.has(`level.${l}`), `level.${l}`).toBe(true);
    }
  });

  it('names the scoring scheme’s sections in both languages, in Chinese as the rules’ messages do', () => {
    // The scheme form's lists and the scheme's tables are headed by these (the console walk found them Chinese in
    // English); the rules' validation messages use domain/scores/scheme.ts's sectionLabels.
    const get = (o: object, k: string) =>
      k.split('.').reduce<unknown>((a, b) => (a as Record<string, unknown> | undefined)?.[b], o);
    for (const s of schemeSections) {
      expect(get(zhMessages, `scores.schemes.sections.${s}`)).toBe(sectionLabels[s]);
      expect(get(enMessages, `scores.schemes.sections.${s}`)).toMatch(/^[A-Z][A-Za-z ,()]+$/);
    }
  });

  it('defaults to Simplified Chinese, react-admin’s labels included', () => {
    expect(i18nProvider.getLocale()).toBe('zh');
    expect(i18nProvider.translate('ra.auth.sign_in')).toBe('登录');
    expect(i18nProvider.translate('status.rectifying')).toBe('整改中');
  });
});
