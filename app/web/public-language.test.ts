import { languages, procedures } from '@madoguchi/db/vocabulary';
import { describe, expect, it } from 'vitest';
import { isPublicLanguage, languageNames, procedureNames, publicLanguageOf } from './public-language';

describe('the public pages’ language', () => {
  it('takes ?lang= when it names one of the six, else the browser’s first match, else Japanese', () => {
    expect(publicLanguageOf('vi', 'en-US,en;q=0.9')).toBe('vi');
    expect(publicLanguageOf('xx', 'pt-BR,pt;q=0.9')).toBe('pt');
    expect(publicLanguageOf(null, 'zh-TW,zh;q=0.8')).toBe('zh-Hans');
    expect(publicLanguageOf(null, 'fr-FR, ko;q=0.5')).toBe('ko');
    expect(publicLanguageOf(null, 'fr-FR')).toBe('ja');
    expect(publicLanguageOf(null, null)).toBe('ja');
  });

  it('knows exactly the booth’s six languages', () => {
    for (const language of languages) expect(isPublicLanguage(language)).toBe(true);
    for (const other of ['fr', 'zh', 'ja-JP', '', null, 1]) expect(isPublicLanguage(other)).toBe(false);
  });

  it('names every language and every procedure in every language', () => {
    for (const language of languages) {
      expect(languageNames[language]).not.toBe('');
      for (const procedure of procedures) expect(procedureNames[language][procedure]).toBeTruthy();
    }
  });
});
