/** File names Docker and Podman build from by default or by convention. */
export const DOCKERFILE_GLOB = '**/{Dockerfile,Dockerfile.*,*.dockerfile,*.Dockerfile,Containerfile,Containerfile.*,*.containerfile}';

/**
 * The `dockerfile` language, plus the same names by pattern: a file another extension claimed for
 * its own language id (or plaintext) is still a Dockerfile to Docker. Plain strings, so the same
 * value serves vscode.languages.match and the LSP document selector.
 */
export const DOCKERFILE_SELECTOR = [
  { language: 'dockerfile' },
  { scheme: 'file', pattern: DOCKERFILE_GLOB },
];
