import { checkFreeText, type FreeTextField, freeTextRefusal, PERSONAL_DATA_CODE } from '../../domain/free-text';
import { Problem } from './problems';

/**
 * The free-text rule at the service's depth (decision 0017): forms call services directly, so the
 * API schema's refinement is not the only way in. Fields left out (undefined, null) are not checked.
 */
export function requireFreeText(values: Partial<Record<FreeTextField, string | null | undefined>>) {
  for (const [field, value] of Object.entries(values) as [FreeTextField, string | null | undefined][]) {
    if (value === undefined || value === null) continue;
    const checked = checkFreeText(value);
    if (!checked.ok) {
      const messages = freeTextRefusal(field, checked.reason);
      const path = field.slice(field.indexOf('.') + 1);
      throw new Problem(400, PERSONAL_DATA_CODE, messages, [{ path, message: `${messages.ja} / ${messages.en}` }]);
    }
  }
}
