/**
 * What build toolchains look like in a Dockerfile: the OS packages that bring compilers and
 * headers, the language packages that only build things, and the images that are SDKs rather
 * than runtimes.
 */

export type Ecosystem = 'go' | 'node' | 'python' | 'java-maven' | 'java-gradle' | 'rust' | 'c' | 'dotnet' | 'generic';

/**
 * OS package names (apt, apk, dnf, zypper, pacman), matched whole and case-insensitively: packages
 * that are a compiler or an SDK. Headers (`-dev`, `-devel`, `linux-headers`, `musl-dev`), `make`,
 * `cmake`, `pkg-config`, `binutils` and the autotools are not: without a compiler they build
 * nothing, and with one the compiler is what is reported.
 */
export const TOOLCHAIN_PACKAGES: { source: string; asOf: string; entries: Array<{ match: RegExp; ecosystem: Ecosystem }> } = {
  source:
    'packages.debian.org (build-essential, golang-go, default-jdk), pkgs.alpinelinux.org (build-base, go, openjdk17), ' +
    'Fedora/RHEL package and group names (gcc-c++, java-17-openjdk-devel, "Development Tools"), archlinux.org (base-devel), ' +
    'openSUSE patterns (devel_basis), Microsoft .NET install docs (dotnet-sdk-8.0)',
  asOf: '2026-12-02',
  // Order matters: a JDK ending in -devel is a JDK, not C headers.
  entries: [
    { match: /^(default-jdk(-headless)?|openjdk-?\d+-jdk(-headless)?|openjdk\d+(-jdk)?|java-[\d.]+-openjdk-devel|java-latest-openjdk-devel|temurin-\d+-jdk|java-\d+-amazon-corretto-devel|java-\d+-openjdk-jdk|ant)$/, ecosystem: 'generic' },
    { match: /^maven$/, ecosystem: 'java-maven' },
    { match: /^gradle$/, ecosystem: 'java-gradle' },
    { match: /^(golang|golang-go|go|golang-[\d.]+(-go)?)$/, ecosystem: 'go' },
    { match: /^(rustc|cargo|rust|rustup)$/, ecosystem: 'rust' },
    { match: /^(dotnet-sdk(-[\d.]+)?|dotnet\d+-sdk)$/, ecosystem: 'dotnet' },
    // Compilers, and the meta-packages that pull one in.
    {
      match:
        /^(build-essential|build-base|base-devel|devel_basis|devel_c_c\+\+|development tools|@development-tools|@development|alpine-sdk|gcc|gcc-c\+\+|g\+\+|c\+\+|clang|gfortran|tcc)$/,
      ecosystem: 'c',
    },
    { match: /^(gcc|g\+\+|clang|gfortran)-?\d+(\.\d+)*$|^gcc-toolset-\d+(-gcc(-c\+\+)?)?$|^devtoolset-\d+(-gcc(-c\+\+)?)?$/, ecosystem: 'c' },
    { match: /^(ghc|cabal-install|haskell-stack|crystal|swiftlang|sbt|leiningen|elixir)$/, ecosystem: 'generic' },
  ],
};

/** pip packages that only build other packages; plain `pip install -r requirements.txt` is a runtime install. */
export const PYTHON_BUILD_PACKAGES = {
  source: 'pypi.org project pages: cython, maturin, pybind11, scikit-build(-core), meson-python, setuptools-rust, build, pyinstaller, nuitka',
  asOf: '2026-11-22',
  names: ['cython', 'maturin', 'pybind11', 'scikit-build', 'scikit-build-core', 'meson-python', 'setuptools-rust', 'build', 'pyinstaller', 'nuitka'],
};

/** JavaScript tools that compile or bundle, run through npx/pnpm exec/bunx or directly. */
export const NODE_BUILD_TOOLS = {
  source: 'npmjs.com package pages of typescript (tsc), webpack, vite, esbuild, rollup, parcel, @babel/cli, tsup, @swc/cli, next, @nestjs/cli, @angular/cli',
  asOf: '2026-11-22',
  /** Run with any arguments. */
  always: ['tsc', 'webpack', 'esbuild', 'rollup', 'parcel', 'babel', 'tsup', 'swc'],
  /** Only their build subcommand compiles (`vite build`, `next build`, `ng build`, `nest build`). */
  withBuild: ['vite', 'next', 'ng', 'nest', 'nuxt', 'astro', 'remix', 'svelte-kit'],
  /** Packages that are only build tools when installed by name (`npm install -g typescript`). */
  packages: [
    'typescript', 'webpack', 'webpack-cli', 'vite', 'esbuild', 'rollup', 'parcel', '@babel/cli', 'tsup', '@swc/cli',
    '@angular/cli', '@nestjs/cli', 'node-gyp',
  ],
  /** npm script names that build (`npm run build`, `yarn build:prod`). */
  buildScript: /^(build|compile|bundle|dist|tsc|webpack)([:._-].*)?$/,
};

/** Images that are SDKs or compiler images rather than runtimes. `unlessWords`: tag words that make it a runtime. */
export const SDK_IMAGES: {
  source: string;
  asOf: string;
  entries: Array<{ official?: string[]; repositories?: string[]; ecosystem: Ecosystem; what: string; unlessWords?: string[] }>;
} = {
  source:
    'Docker Hub official images (golang, rust, maven, gradle, gcc, buildpack-deps, openjdk, eclipse-temurin, amazoncorretto, ' +
    'sapmachine, ibm-semeru-runtimes, swift, haskell), mcr.microsoft.com/dotnet/sdk, mcr.microsoft.com/openjdk/jdk, Chainguard Images',
  asOf: '2026-11-22',
  entries: [
    { official: ['golang'], repositories: ['cgr.dev/chainguard/go'], ecosystem: 'go', what: 'the Go SDK' },
    { official: ['rust'], repositories: ['cgr.dev/chainguard/rust'], ecosystem: 'rust', what: 'the Rust toolchain' },
    { official: ['maven'], repositories: ['cgr.dev/chainguard/maven'], ecosystem: 'java-maven', what: 'Maven and a JDK' },
    { official: ['gradle'], repositories: ['cgr.dev/chainguard/gradle'], ecosystem: 'java-gradle', what: 'Gradle and a JDK' },
    { official: ['gcc'], repositories: ['cgr.dev/chainguard/gcc-glibc'], ecosystem: 'c', what: 'GCC' },
    // buildpack-deps:*-curl and *-scm are the layers below the compilers.
    { official: ['buildpack-deps'], ecosystem: 'c', what: 'compilers and -dev headers', unlessWords: ['curl', 'scm'] },
    {
      official: ['openjdk', 'eclipse-temurin', 'amazoncorretto', 'sapmachine', 'ibm-semeru-runtimes'],
      repositories: ['mcr.microsoft.com/openjdk/jdk', 'cgr.dev/chainguard/jdk'],
      ecosystem: 'generic',
      what: 'a JDK',
      unlessWords: ['jre', 'headless'],
    },
    {
      repositories: ['mcr.microsoft.com/dotnet/sdk', 'mcr.microsoft.com/dotnet/core/sdk', 'cgr.dev/chainguard/dotnet-sdk'],
      ecosystem: 'dotnet',
      what: 'the .NET SDK',
    },
    { official: ['swift'], ecosystem: 'generic', what: 'the Swift toolchain', unlessWords: ['slim'] },
    { official: ['haskell'], ecosystem: 'generic', what: 'GHC and Cabal' },
    { official: ['clojure'], ecosystem: 'generic', what: 'a JDK with Leiningen or the Clojure CLI' },
    { official: ['elixir'], ecosystem: 'generic', what: 'Elixir, Mix and the Erlang compiler' },
    { repositories: ['docker.io/crystallang/crystal'], ecosystem: 'generic', what: 'the Crystal compiler' },
  ],
};
