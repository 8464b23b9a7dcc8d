import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ApiClient, ApiError, apiSettingsFrom, UsageError } from './api-client';
import { generate } from './generate';
import { cancelJob, listPage } from './lists';
import { type CatalogFilter, plan } from './plan';
import { importTracks, showImport } from './track-import';
import { addTrack } from './tracks';

const USAGE = `InfinityMix customer CLI: npm run cli -- <command>   (INFINITYMIX_API_KEY, INFINITYMIX_API_URL default http://127.0.0.1:8080)

  generate --prompt TEXT [--mood M] --duration S [--instruments a,b] [--reference-url U] [--wait] [--out DIR]
  plan (--tracks-file F | CATALOG) --duration S --energy-mode M [--preset P] [--wait]
       CATALOG: --catalog (all your ready tracks) and/or filters [--catalog-genre G] [--catalog-bpm-min N]
       [--catalog-bpm-max N] [--catalog-energy-min N] [--catalog-energy-max N] [--catalog-tags a,b]
  tracks add --title T --artist A [--genre G] (--file PATH | --url U)
  tracks import (FOLDER | MANIFEST.json) [--artist A] [--genre G] [--wait]
  tracks import-status IMPORT_ID
  jobs list [--status S] [--limit N] [--cursor C]
  plans list [--status S] [--limit N] [--cursor C]
  cancel JOB_ID

--wait shows live progress; Ctrl-C then stops only the waiting, the job goes on.
Exit codes: 0 done, 1 the API refused or the job failed, 2 wrong usage, 130 stopped waiting.`;

type Options = NonNullable<ParseArgsConfig['options']>;
const listOptions: Options = { status: { type: 'string' }, limit: { type: 'string' }, cursor: { type: 'string' } };

function parse(args: string[], options: Options) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function text(values: Record<string, unknown>, name: string, required = false): string | undefined {
  const value = values[name] as string | undefined;
  if (required && value === undefined) throw new UsageError(`--${name} is required`);
  return value;
}

function number(values: Record<string, unknown>, name: string, required = false): number | undefined {
  const value = text(values, name, required);
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isFinite(parsed)) throw new UsageError(`--${name} must be a number, not ${JSON.stringify(value)}`);
  return parsed;
}

function list(values: Record<string, unknown>, name: string): string[] | undefined {
  return text(values, name)?.split(',').map((item) => item.trim()).filter(Boolean);
}

/** `--catalog` alone is the whole catalog; any `--catalog-*` option narrows it. Undefined when neither is given. */
function catalogFilter(values: Record<string, unknown>): CatalogFilter | undefined {
  const filter: CatalogFilter = {
    genre: text(values, 'catalog-genre'),
    bpmMin: number(values, 'catalog-bpm-min'),
    bpmMax: number(values, 'catalog-bpm-max'),
    energyMin: number(values, 'catalog-energy-min'),
    energyMax: number(values, 'catalog-energy-max'),
    tags: list(values, 'catalog-tags'),
  };
  // Options not given stay undefined and leave the request body (JSON drops them).
  return values.catalog === true || Object.values(filter).some((value) => value !== undefined) ? filter : undefined;
}

async function run(argv: string[], print: (line: string) => void): Promise<number> {
  const [command, ...rest] = argv;
  const words = command === 'tracks' || command === 'jobs' || command === 'plans' ? `${command} ${rest.shift() ?? ''}` : command;
  if (words === undefined || words === 'help' || words === '--help' || words === '-h') {
    print(USAGE);
    return words === undefined ? 2 : 0;
  }
  const api = () => new ApiClient(apiSettingsFrom(process.env));
  switch (words) {
    case 'generate': {
      const { values } = parse(rest, {
        prompt: { type: 'string' },
        mood: { type: 'string' },
        duration: { type: 'string' },
        instruments: { type: 'string' },
        'reference-url': { type: 'string' },
        wait: { type: 'boolean', default: false },
        out: { type: 'string' },
      });
      return generate(
        api(),
        {
          prompt: text(values, 'prompt'),
          mood: text(values, 'mood'),
          durationSeconds: number(values, 'duration', true)!,
          instruments: list(values, 'instruments'),
          referenceUrl: text(values, 'reference-url'),
          wait: values.wait === true,
          out: text(values, 'out'),
        },
        print,
      );
    }
    case 'plan': {
      const { values } = parse(rest, {
        'tracks-file': { type: 'string' },
        catalog: { type: 'boolean', default: false },
        'catalog-genre': { type: 'string' },
        'catalog-bpm-min': { type: 'string' },
        'catalog-bpm-max': { type: 'string' },
        'catalog-energy-min': { type: 'string' },
        'catalog-energy-max': { type: 'string' },
        'catalog-tags': { type: 'string' },
        duration: { type: 'string' },
        'energy-mode': { type: 'string' },
        preset: { type: 'string' },
        wait: { type: 'boolean', default: false },
      });
      return plan(
        api(),
        {
          tracksFile: text(values, 'tracks-file'),
          catalog: catalogFilter(values),
          durationSeconds: number(values, 'duration', true)!,
          energyMode: text(values, 'energy-mode', true)!,
          preset: text(values, 'preset'),
          wait: values.wait === true,
        },
        print,
      );
    }
    case 'tracks add': {
      const { values } = parse(rest, { title: { type: 'string' }, artist: { type: 'string' }, genre: { type: 'string' }, file: { type: 'string' }, url: { type: 'string' } });
      return addTrack(api(), { title: text(values, 'title', true)!, artist: text(values, 'artist', true)!, genre: text(values, 'genre'), file: text(values, 'file'), url: text(values, 'url') }, print);
    }
    case 'tracks import': {
      const { values, positionals } = parse(rest, { artist: { type: 'string' }, genre: { type: 'string' }, wait: { type: 'boolean', default: false } });
      if (positionals.length !== 1) throw new UsageError('tracks import takes one folder or manifest file');
      return importTracks(api(), { source: positionals[0]!, artist: text(values, 'artist'), genre: text(values, 'genre'), wait: values.wait === true }, print);
    }
    case 'tracks import-status': {
      const { positionals } = parse(rest, {});
      if (positionals.length !== 1) throw new UsageError('tracks import-status takes one import id');
      return showImport(api(), positionals[0]!, print);
    }
    case 'jobs list':
    case 'plans list': {
      const { values } = parse(rest, listOptions);
      const options = { status: text(values, 'status'), limit: number(values, 'limit'), cursor: text(values, 'cursor') };
      return listPage(api(), words === 'jobs list' ? 'generations' : 'plans', options, print);
    }
    case 'cancel': {
      const { positionals } = parse(rest, {});
      if (positionals.length !== 1) throw new UsageError('cancel takes one job id');
      return cancelJob(api(), positionals[0]!, print);
    }
    default:
      throw new UsageError(`unknown command ${JSON.stringify(words.trim())}`);
  }
}

/** Errors as `type: message` (and each field's rule), on stderr, with the exit code that tells them apart. */
function report(error: unknown): number {
  if (error instanceof UsageError) {
    process.stderr.write(`usage: ${error.message}\n(npm run cli -- help)\n`);
    return 2;
  }
  if (error instanceof ApiError) {
    process.stderr.write(`${error.type}: ${error.message}\n`);
    for (const problem of error.problems) process.stderr.write(`  ${problem.field}: ${problem.rule}\n`);
    return 1;
  }
  process.stderr.write(`error: ${(error as Error).message ?? String(error)}\n`);
  return 1;
}

run(process.argv.slice(2), (line) => process.stdout.write(`${line}\n`)).then(
  (code) => process.exit(code),
  (error: unknown) => process.exit(report(error)),
);
