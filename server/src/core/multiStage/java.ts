import { inferBaseOs, majorOf, officialName, splitTag } from '../baseOs';
import type { ImageRef } from '../imageRef';
import { startCommands, type BuildView } from './buildView';
import { basename, isWithin, resolvePath } from './paths';
import type { BuildPlan } from './plan';
import { alpine, debianLike, startsWork } from './runtime';

const BUILD_TOOLS = { maven: ['mvn', 'mvnw'], gradle: ['gradle', 'gradlew'] };
const JDK_IMAGES = ['eclipse-temurin', 'openjdk', 'amazoncorretto', 'sapmachine', 'ibm-semeru-runtimes'];
/** Build images name their JDK in the tag: `maven:3.9-eclipse-temurin-21`, `gradle:8.10-jdk21-alpine`. */
const JDK_IN_TAG = /(?:temurin|openjdk|corretto|sapmachine|semeru|graalvm|zulu|liberica|jdk)-?(\d+)/;

/**
 * Plans a Maven or Gradle build: the runtime is the Eclipse Temurin JRE of the same major version
 * and copies the jar that `java -jar` runs, at the same path so the CMD stays as written.
 */
export function planJava(view: BuildView, tool: 'maven' | 'gradle'): BuildPlan | undefined {
  const built = view.steps.some((s) => s.commands.some((c) => BUILD_TOOLS[tool].includes(basename(c.argv[0]))));
  const major = jdkMajor(view.baseRef);
  if (!built || major === undefined) return undefined;
  const start = startCommands(view)[0]?.argv ?? [];
  const jarIndex = start.indexOf('-jar');
  if (basename(start[0] ?? '') !== 'java' || jarIndex < 0 || !start[jarIndex + 1]) return undefined;
  const jar = resolvePath(view.workdir, start[jarIndex + 1]);
  if (!jar || jar.endsWith('/')) return undefined;
  // `java -jar target/*.jar` in a shell CMD: the glob is copied into the same folder.
  const glob = /[*?[]/.test(jar);
  const dest = glob ? `${jar.slice(0, jar.lastIndexOf('/'))}/` : jar;
  const alpineBuilder = inferBaseOs(view.baseRef) === 'alpine';
  const image = `eclipse-temurin:${major}-jre${alpineBuilder ? '-alpine' : ''}`;
  const runtime = alpineBuilder ? alpine(image, ['java']) : debianLike(image, 'ubuntu', ['java']);
  const ships = (program: string) => {
    const path = program.includes('/') ? resolvePath(view.workdir, program) : undefined;
    return path !== undefined && (glob ? isWithin(path, dest) : path === dest);
  };
  if (!startsWork(view, runtime, ships)) return undefined;
  return { runtime, copies: [{ source: jar, dest }] };
}

function jdkMajor(ref: ImageRef): number | undefined {
  const name = officialName(ref) ?? '';
  if (JDK_IMAGES.includes(name)) return majorOf(splitTag(ref.tag).version);
  const m = JDK_IN_TAG.exec(ref.tag ?? '');
  return m ? Number(m[1]) : undefined;
}
