import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Lazy, TerraformOutput, TerraformStack } from 'cdktf';
import { CREATION_STACK_FRAMES, withShortCreationStacks } from '../../stacks/stack-traces';

/** A token made here, in this file, whose resolution fails during synthesis. */
function failingApp(): App {
  const app = new App({ outdir: mkdtempSync(join(tmpdir(), 's3sec-traces-')) });
  const stack = new TerraformStack(app, 'traces');
  new TerraformOutput(stack, 'broken', {
    value: Lazy.stringValue({
      produce: () => {
        throw new Error('cannot produce this value');
      },
    }),
  });
  return app;
}

function synthError(run: (work: () => void) => void): Error {
  let caught: unknown;
  run(() => {
    try {
      failingApp().synth();
    } catch (e) {
      caught = e;
    }
  });
  if (!(caught instanceof Error)) throw new Error('synthesis did not fail');
  return caught;
}

describe('withShortCreationStacks', () => {
  it("keeps a resolution error's creation stack to the app's own frames, with the line that made the token", () => {
    const error = synthError(withShortCreationStacks);
    expect(error.message).toMatch(/^Resolution error: cannot produce this value\.\nObject creation stack:\n/);
    const frames = error.message.split('Object creation stack:\n')[1].split('\n');
    expect(frames.length).toBeGreaterThan(0);
    expect(frames.length).toBeLessThanOrEqual(CREATION_STACK_FRAMES);
    expect(frames[0]).toContain('stack-traces.test.ts');
    for (const frame of frames) {
      expect(frame).toMatch(/^ {2}at /);
      expect(frame).not.toContain('node_modules');
      expect(frame).not.toContain('node:');
    }
  });

  it('leaves the same error, outside it, with the complete stack cdktf records', () => {
    const error = synthError((work) => work());
    const frames = error.message.split('Object creation stack:\n')[1].split('\n');
    expect(frames.some((f) => f.includes('node_modules/cdktf'))).toBe(true);
    expect(frames.length).toBeGreaterThan(CREATION_STACK_FRAMES);
  });

  it('gives errors their whole stack, and restores the previous formatter, also when the work throws', () => {
    const before = Error.prepareStackTrace;
    const inside = withShortCreationStacks(() => {
      // An error thrown from inside a library keeps its library frames.
      try {
        JSON.parse('{');
      } catch (e) {
        return (e as Error).stack ?? '';
      }
      return '';
    });
    expect(inside).toMatch(/^SyntaxError: .*\n {4}at JSON\.parse/);
    expect(inside).toContain('stack-traces.test.ts');
    expect(Error.prepareStackTrace).toBe(before);
    expect(() =>
      withShortCreationStacks(() => {
        throw new Error('work failed');
      }),
    ).toThrow('work failed');
    expect(Error.prepareStackTrace).toBe(before);
  });
});
