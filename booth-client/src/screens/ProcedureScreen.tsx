import { Text } from '../i18n/Text';
import type { Procedure } from '../journey/vocabulary';
import { BackButton, Frame } from './Frame';

/** Only the procedures the municipality offers, each in plain words with its official name under it. */
export function ProcedureScreen({
  municipality,
  procedures,
  onChoose,
  onBack,
}: {
  municipality: string;
  procedures: readonly Procedure[];
  onChoose: (procedure: Procedure) => void;
  onBack: () => void;
}) {
  return (
    <Frame testid="procedure-screen" municipality={municipality} footer={<BackButton onClick={onBack} />}>
      <h1>
        <Text k="procedure.title" />
      </h1>
      <div className="choices procedures">
        {procedures.map((p) => (
          <button key={p} type="button" className="big choice procedure" data-procedure={p} onClick={() => onChoose(p)}>
            <span className="title">
              <Text k={`procedure.${p}.title`} />
            </span>
            <span className="detail">
              <Text k={`procedure.${p}.detail`} />
            </span>
          </button>
        ))}
      </div>
    </Frame>
  );
}
