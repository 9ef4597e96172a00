// What the engine could not do, above every view: the history is not being
// saved, or the last check failed. The state carries the problems
// (AppState.problems), so the window over IPC and over HTTP shows the same.
import { useTranslation } from 'react-i18next';
import type { EngineProblem } from '../../electron/contracts/bridge';
import { useFormat } from '../format';
import { StatusIcon } from './status-icon';
import '../styles/problem-banner.css';

export function ProblemBanner({ problems }: { problems: EngineProblem[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (problems.length === 0) return null;
  return (
    <div className="problem-banner" role="alert">
      {problems.map((problem) => (
        <div key={problem.kind} className="problem" data-problem-kind={problem.kind}>
          <StatusIcon tone={problem.kind === 'history-failed' ? 'fail' : 'warn'} size={18} />
          <div className="problem-text">
            <p className="problem-title">{t(`problem.${problem.kind}.title`)}</p>
            <p className="problem-body">{t(`problem.${problem.kind}.body`, { when: format.dateTime(problem.at) })}</p>
            <details className="problem-detail">
              <summary>{t('problem.detail')}</summary>
              {/* The engine's own words: technical, left to right in either language. */}
              <code dir="ltr">{problem.message}</code>
            </details>
          </div>
        </div>
      ))}
    </div>
  );
}
