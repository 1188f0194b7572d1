/**
 * How package managers are invoked: which program is which manager, and which of its subcommands
 * install, refresh or remove packages. Options listed under `valued` take the next word as their
 * value (`apk add --virtual .build-deps gcc`: `.build-deps` is a name, not a package).
 */

export type OsPackageManager = 'apt' | 'apk' | 'dnf' | 'zypper' | 'pacman';
export type LanguagePackageManager = 'pip' | 'npm' | 'yarn' | 'pnpm' | 'bun' | 'gem';
export type PackageManager = OsPackageManager | LanguagePackageManager;
export type PackageAction = 'install' | 'update' | 'remove' | 'other';

export interface ManagerSyntax {
  manager: PackageManager;
  kind: 'os' | 'language';
  /** Program names (basename of argv[0]). */
  programs: string[];
  actions: Partial<Record<Exclude<PackageAction, 'other'>, string[]>>;
  /** Options that consume the following word. */
  valued: string[];
  /** What a bare invocation with no subcommand does (`yarn` alone installs). */
  bare?: PackageAction;
}

export const PACKAGE_MANAGERS: { source: string; asOf: string; entries: ManagerSyntax[] } = {
  source:
    'apt-get(8), apt(8), aptitude(8), apk(8) from apk-tools, dnf(8)/yum(8)/microdnf --help, zypper(8), pacman(8), ' +
    'pip install --help, npm/yarn/pnpm/bun CLI docs, gem(1)',
  asOf: '2026-11-22',
  entries: [
    {
      manager: 'apt',
      kind: 'os',
      programs: ['apt-get', 'apt', 'aptitude'],
      actions: {
        install: ['install', 'reinstall', 'build-dep'],
        update: ['update', 'upgrade', 'dist-upgrade', 'full-upgrade', 'safe-upgrade'],
        remove: ['remove', 'purge', 'autoremove'],
      },
      valued: ['-o', '--option', '-t', '--target-release', '--default-release', '-c', '--config-file', '-a', '--host-architecture'],
    },
    {
      manager: 'apk',
      kind: 'os',
      programs: ['apk'],
      actions: { install: ['add'], update: ['update', 'upgrade'], remove: ['del'] },
      valued: [
        '-t', '--virtual', '-X', '--repository', '-p', '--root', '--arch', '--keys-dir', '--repositories-file',
        '--cache-dir', '--cache-max-age', '--timeout',
      ],
    },
    {
      manager: 'dnf',
      kind: 'os',
      programs: ['dnf', 'dnf5', 'yum', 'microdnf', 'tdnf'],
      actions: {
        install: ['install', 'groupinstall', 'localinstall', 'reinstall'],
        update: ['update', 'upgrade', 'makecache', 'check-update', 'upgrade-minimal', 'distro-sync'],
        remove: ['remove', 'erase', 'autoremove', 'groupremove'],
      },
      valued: [
        '--enablerepo', '--disablerepo', '--setopt', '--installroot', '--releasever', '-c', '--config', '-x', '--exclude',
        '--repo', '--repoid', '--forcearch', '--nodocs-in',
      ],
    },
    {
      manager: 'zypper',
      kind: 'os',
      programs: ['zypper'],
      actions: {
        install: ['in', 'install', 'si', 'source-install'],
        update: ['ref', 'refresh', 'up', 'update', 'dup', 'dist-upgrade', 'patch'],
        remove: ['rm', 'remove'],
      },
      valued: ['-t', '--type', '-r', '--repo', '--root', '-R', '--from'],
    },
    // pacman's action is a flag (`-S`, `-Syu`, `-R`), handled in code.
    { manager: 'pacman', kind: 'os', programs: ['pacman'], actions: {}, valued: ['--root', '-r', '--dbpath', '-b', '--config', '--cachedir'] },
    {
      manager: 'pip',
      kind: 'language',
      programs: ['pip', 'pip3'],
      actions: { install: ['install'], remove: ['uninstall'] },
      valued: [
        '-r', '--requirement', '-c', '--constraint', '-i', '--index-url', '--extra-index-url', '-f', '--find-links',
        '-t', '--target', '--prefix', '--root', '--platform', '--python-version', '--implementation', '--abi',
        '--src', '--upgrade-strategy', '--progress-bar', '--cache-dir', '--trusted-host', '--proxy', '--timeout',
        '--retries', '--log', '--config-settings', '-C', '--global-option', '--no-binary', '--only-binary',
      ],
    },
    {
      manager: 'npm',
      kind: 'language',
      programs: ['npm'],
      actions: {
        install: ['install', 'i', 'in', 'ins', 'inst', 'insta', 'instal', 'isnt', 'isnta', 'isntal', 'add', 'ci', 'clean-install', 'install-clean'],
        update: ['update', 'up', 'upgrade', 'udpate'],
        remove: ['uninstall', 'remove', 'rm', 'r', 'un', 'unlink'],
      },
      valued: ['--omit', '--include', '--only', '--prefix', '-C', '--registry', '--cache', '--userconfig', '-w', '--workspace'],
    },
    {
      manager: 'yarn',
      kind: 'language',
      programs: ['yarn', 'yarnpkg'],
      actions: { install: ['install', 'add'], update: ['upgrade', 'up'], remove: ['remove'] },
      valued: ['--cwd', '--modules-folder', '--cache-folder', '--registry', '--network-timeout', '--mutex'],
      bare: 'install',
    },
    {
      manager: 'pnpm',
      kind: 'language',
      programs: ['pnpm'],
      actions: { install: ['install', 'i', 'add'], update: ['update', 'up', 'upgrade'], remove: ['remove', 'rm', 'uninstall', 'un'] },
      valued: ['-C', '--dir', '--filter', '-F', '--store-dir', '--registry'],
    },
    {
      manager: 'bun',
      kind: 'language',
      programs: ['bun'],
      actions: { install: ['install', 'i', 'add', 'a'], update: ['update'], remove: ['remove', 'rm'] },
      valued: ['--cwd', '--registry', '--cache-dir', '--backend'],
    },
    {
      manager: 'gem',
      kind: 'language',
      programs: ['gem'],
      actions: { install: ['install', 'i'], update: ['update'], remove: ['uninstall'] },
      valued: ['-v', '--version', '-i', '--install-dir', '-n', '--bindir', '-s', '--source', '--platform'],
    },
  ],
};
