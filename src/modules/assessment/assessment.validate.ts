/** The input of assessTransaction, checked: every error names its field. */
import { ValidationError } from '../../shared/errors';
import { isUuid } from '../../shared/ids';
import { TAXONOMY_CODE } from '../taxonomy/taxonomy.service';
import { ISO_3166_1_ALPHA2 } from '../licensing/iso3166';
import type { EntryFact, ItemInput } from './assess';
import { EndUseCategory } from './assessment.enums';
import type { TransactionInputData } from './assessment.service';
import { convert, knownUnit } from './units';

const MAX_ITEMS = 50;

/** Validates the input; every error names its field. */
export function validateTransaction(input: TransactionInputData, field: string) {
  const exporting = input.exportingJurisdiction?.trim().toUpperCase() ?? '';
  if (!exporting) throw new ValidationError('exportingJurisdiction is required', `${field}.exportingJurisdiction`);
  const destination = input.destination?.trim().toUpperCase() ?? '';
  if (!ISO_3166_1_ALPHA2.has(destination)) throw new ValidationError('destination must be an ISO 3166-1 alpha-2 country code', `${field}.destination`);
  if (!Object.values(EndUseCategory).includes(input.endUse)) throw new ValidationError('endUse is not an end-use category', `${field}.endUse`);
  if (!input.items?.length) throw new ValidationError('give at least one item', `${field}.items`);
  if (input.items.length > MAX_ITEMS) throw new ValidationError(`give at most ${MAX_ITEMS} items`, `${field}.items`);
  const items: ItemInput[] = input.items.map((it, i) => {
    const code = it.taxonomyCode?.trim().toUpperCase() ?? '';
    if (!TAXONOMY_CODE.test(code))
      throw new ValidationError('taxonomyCode must be a taxonomy code such as BIO.EQP.FERMENTER', `${field}.items.${i}.taxonomyCode`);
    const params = (it.parameters ?? []).map((p, k) => {
      const name = p.name?.trim() ?? '';
      if (!name || name.length > 200)
        throw new ValidationError('a parameter needs a name (at most 200 characters)', `${field}.items.${i}.parameters.${k}.name`);
      if (typeof p.value !== 'number' || !Number.isFinite(p.value))
        throw new ValidationError('value must be a finite number', `${field}.items.${i}.parameters.${k}.value`);
      const unit = p.unit?.trim() ?? null;
      if (unit && !knownUnit(unit)) throw new ValidationError(`unit "${unit}" is not a unit Accord converts`, `${field}.items.${i}.parameters.${k}.unit`);
      return { name, value: p.value, unit };
    });
    if (it.quantity !== undefined && it.quantity !== null && !(Number.isFinite(it.quantity) && it.quantity > 0)) {
      throw new ValidationError('quantity must be a positive number', `${field}.items.${i}.quantity`);
    }
    return { taxonomyCode: code, parameters: params };
  });
  if (input.endUserId && !isUuid(input.endUserId)) throw new ValidationError('endUserId is not an id', `${field}.endUserId`);
  if (input.endUser) {
    const name = input.endUser.name?.trim() ?? '';
    if (!name || name.length > 300) throw new ValidationError('endUser.name is required (at most 300 characters)', `${field}.endUser.name`);
    if (!ISO_3166_1_ALPHA2.has(input.endUser.country?.trim().toUpperCase() ?? ''))
      throw new ValidationError('country must be an ISO 3166-1 alpha-2 code', `${field}.endUser.country`);
  }
  return { exporting, destination, items };
}

/** Parameters whose unit cannot be turned into the unit of a threshold with the same name: a ValidationError naming the field. */
export function checkUnits(items: ItemInput[], facts: EntryFact[], field: string): void {
  items.forEach((item, i) =>
    item.parameters.forEach((p, k) => {
      if (!p.unit) return;
      const t = facts.flatMap((f) => f.parameters).find((x) => x.name.trim().toLowerCase() === p.name.toLowerCase());
      if (t && convert(p.value, p.unit, t.unit) === null) {
        throw new ValidationError(
          `unit "${p.unit}" does not convert into "${t.unit || 'a plain number'}", the unit of the threshold "${t.name}"`,
          `${field}.items.${i}.parameters.${k}.unit`,
        );
      }
    }),
  );
}
