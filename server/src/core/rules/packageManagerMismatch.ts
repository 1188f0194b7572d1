import { inferBaseOs, packageManagerFor, packageManagerOf, type BaseOs } from '../baseOs';
import { PACKAGE_MANAGERS } from '../../data/packageManagers';
import type { RawFinding, RuleMeta, ShellCommand } from '../types';
import type { RuleContext } from './rule';
import { rootStage } from './support';

export const meta: RuleMeta = {
  code: 'DPH007',
  name: 'package-manager-mismatch',
  defaultSeverity: 'error',
  description: 'A RUN uses a package manager the base image does not have (`apt-get` on Alpine, `apk` on Debian): what a careless switch of base leaves behind.',
};

const OS_LABEL: Record<BaseOs, string> = {
  alpine: 'Alpine', debian: 'Debian', ubuntu: 'Ubuntu', rhel: 'a Red Hat family', suse: 'SUSE', arch: 'Arch',
  wolfi: 'Wolfi', distroless: 'distroless', busybox: 'BusyBox', scratch: 'scratch',
};

/** Programs of OS package managers: most RUN commands are none of them, and this check is cheap. */
const OS_PROGRAMS = new Set(PACKAGE_MANAGERS.entries.filter((e) => e.kind === 'os').flatMap((e) => e.programs));

export function check({ model }: RuleContext): RawFinding[] {
  const found: RawFinding[] = [];
  for (const stage of model.stages) {
    const root = rootStage(model, stage);
    const ref = root?.from.kind === 'image' ? root.from.ref : undefined;
    const os = ref ? inferBaseOs(ref) : undefined;
    if (!ref || !os) continue;
    const expected = packageManagerFor(os);
    // One finding per RUN: `apt-get update && apt-get install && apt-get clean` is one mistake.
    const byRun = new Map<number, ShellCommand[]>();
    for (const command of stage.commands) {
      if (command.guarded || !OS_PROGRAMS.has(command.argv[0].slice(command.argv[0].lastIndexOf('/') + 1))) continue;
      const call = packageManagerOf(command);
      if (!call || call.kind !== 'os' || call.manager === expected) continue;
      const key = command.runLine ?? command.range.start.line;
      byRun.set(key, [...(byRun.get(key) ?? []), command]);
    }
    for (const commands of byRun.values()) {
      const programs = [...new Set(commands.map((c) => c.argv[0]))].join(', ');
      const lines = [...new Set(commands.map((c) => c.range.start.line + 1))];
      const where = lines.length === 1 ? `line ${lines[0]}` : `lines ${lines.join(', ')}`;
      const instead = expected ? `; ${OS_LABEL[os]} uses ${expected}` : ` and has no package manager; install in a builder stage and copy the result`;
      found.push({
        message: `${programs} (${where}) on ${OS_LABEL[os]} base ${ref.raw}${instead}. Package names may differ too.`,
        range: commands[0].range,
      });
    }
  }
  return found;
}
