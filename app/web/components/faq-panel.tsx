/**
 * The FAQ / manual operators consult during a call: the current approved entries for the call's
 * municipality and procedure (shared entries included), searchable, each with its edition
 * (初版 / 改訂版) and the date it took effect. Reads the API with the login cookie.
 */

import { type Procedure, procedureLabels } from '@madoguchi/db/vocabulary';
import { useEffect, useMemo, useState } from 'react';
import { useT } from '../i18n/i18n';
import { fetchJson } from '../utils/api-json';

interface FaqItem {
  entryId: string;
  version: number;
  label: { ja: string; en: string };
  procedure: Procedure | null;
  municipalityId: string | null;
  question: string;
  answer: string;
  effectiveOn: string;
}

const getJson = <T,>(path: string) => fetchJson<T>(path, { headers: { Accept: 'application/json' } });

export function FaqPanel({ municipalityId, procedure }: { municipalityId?: string; procedure?: Procedure }) {
  const [items, setItems] = useState<FaqItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  const { t, language } = useT();

  useEffect(() => {
    let cancelled = false;
    void (async () => {
      try {
        // In a call, the call page passes the session's town and procedure (from its loader).
        const params = new URLSearchParams();
        if (municipalityId) params.set('municipalityId', municipalityId);
        if (procedure) params.set('procedure', procedure);
        const { items: found } = await getJson<{ items: FaqItem[] }>(`/api/v1/faq?${params.toString()}`);
        if (!cancelled) setItems(found);
      } catch (e) {
        if (!cancelled) setError((e as Error).message);
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [municipalityId, procedure]);

  const shown = useMemo(() => {
    const words = query.normalize('NFKC').toLowerCase().split(/\s+/).filter(Boolean);
    if (!items || words.length === 0) return items ?? [];
    return items.filter((i) => {
      const text = `${i.question}\n${i.answer}`.normalize('NFKC').toLowerCase();
      return words.every((w) => text.includes(w));
    });
  }, [items, query]);

  return (
    <section className="card faq-panel" aria-labelledby="faq-panel-title" data-testid="faq-panel">
      <h2 id="faq-panel-title">{t('faqPanel.title')}</h2>
      <label htmlFor="faq-search">{t('common.search')}</label>
      <input
        id="faq-search"
        type="search"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        placeholder={t('faqPanel.placeholder')}
        style={{ width: '100%', minHeight: 44 }}
      />
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : items === null ? (
        <p className="muted">{t('faqPanel.loading')}</p>
      ) : shown.length === 0 ? (
        <p className="muted">{t('faqPanel.none')}</p>
      ) : (
        <ul style={{ listStyle: 'none', paddingLeft: 0 }}>
          {shown.map((i) => (
            <li key={i.entryId} data-testid="faq-item" data-entry-id={i.entryId}>
              <details>
                <summary>
                  <strong>{i.question}</strong>{' '}
                  <span className="admin-badge" data-testid="faq-edition">
                    {i.label[language]}
                  </span>
                </summary>
                <p style={{ whiteSpace: 'pre-wrap' }} data-testid="faq-answer">
                  {i.answer}
                </p>
                <p className="muted">
                  {t('faqPanel.inEffectSince', { date: i.effectiveOn })}
                  {` · ${i.procedure ? procedureLabels[i.procedure][language] : t('faqPanel.allProcedures')}`}
                  {i.municipalityId ? ` · ${t('faqPanel.municipalityOnly')}` : ''}
                </p>
              </details>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
