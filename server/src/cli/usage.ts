export const MAIN_USAGE = `Usage: dockerfile-patch-hygiene <command> [options]

Keeps Dockerfiles patchable: pinned digests that move with their tags, supported bases,
minimal final images.

Commands:
  check [paths...]   Report findings for Dockerfiles (files, directories, or - for stdin)
  fix [paths...]     Pin, refresh or update base image references in place
  rebuild <file>     Rebuild the image on a fresh base and run its tests

Options:
  -h, --help         Show help (also: <command> --help)
  -V, --version      Print the version

Exit status: 0 nothing at or above the fail level, 1 findings (check) or a fix that could not be
applied (fix), 2 usage error or unreadable file.`;

const SHARED = `  --config FILE        Use this configuration instead of the nearest .dockerfile-hygiene.json
  --offline            Do not contact registries; use only what the cache already holds
  --cache-dir DIR      Registry cache (default $XDG_CACHE_HOME/dockerfile-patch-hygiene,
                       else ~/.cache/dockerfile-patch-hygiene)
  --no-cache           Neither read nor write the registry cache
  --verbose            Log registry requests to stderr`;

export const CHECK_USAGE = `Usage: dockerfile-patch-hygiene check [options] [paths...]

Checks each file, and each Dockerfile, Dockerfile.*, *.dockerfile, Containerfile found under each
directory (node_modules and .git skipped); - reads stdin. Default path: the current directory.

Options:
  --format FORMAT      text (default), json or sarif
  --fail-level LEVEL   error (default), warning, info, hint or none: the lowest severity
                       that makes the exit status 1
  --now YYYY-MM-DD     Evaluate end-of-life dates as of this day (default: today)
  --stdin-filename F   Name (and config lookup place) for the text read from -
${SHARED}

JSON: {"version":1,"findings":[{file, rule, code, severity, message, range, fixes}]}, zero-based
positions. A fix that needs a digest the run could not get (offline with nothing cached, registry
down) is listed with "requiresRegistry": true and no edits; SARIF leaves such fixes out.`;

export const FIX_USAGE = `Usage: dockerfile-patch-hygiene fix [options] [paths...]

Rewrites FROM image references in place (the whole file written atomically; line endings, BOM
and comments kept), using digests the registry serves now. Choose at least one:
  --pin                Pin the digest of tags without one (node:20 -> node:20@sha256:...)
  --refresh            Move pinned digests to what their tag points to now
  --update[=minor]     Move to the newer tag the stale-tag findings suggest: the newest
                       patch of the same line by default, a newer minor with =minor

Options:
  --dry-run            Print a unified diff instead of writing
  --now YYYY-MM-DD     Evaluation date, as for check
${SHARED}

Exit status: 0 every requested fix applied (or nothing to fix), 1 a fix could not be applied
(the message says which reference and why), 2 usage error or unreadable file.`;
