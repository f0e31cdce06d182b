import { describe, expect, it } from 'vitest';
import {
  compareCodePoints,
  isIgnoredPath,
  isModelPath,
  normaliseModelPath,
} from './model-paths.js';

describe('compareCodePoints (§7 step 5)', () => {
  it("orders 'B' < 'a' < 'é' (code points 0x42, 0x61, 0xE9)", () => {
    expect(['é', 'a', 'B'].sort(compareCodePoints)).toEqual(['B', 'a', 'é']);
  });

  it('puts U+FFFD before U+1F600, unlike UTF-16 order', () => {
    const names = ['\u{1F600}.bin', '\uFFFD.bin'];
    expect([...names].sort(compareCodePoints)).toEqual(['\uFFFD.bin', '\u{1F600}.bin']);
    expect([...names].sort()).toEqual(['\u{1F600}.bin', '\uFFFD.bin']);
  });

  it('puts a prefix first and treats equal strings as equal', () => {
    expect(compareCodePoints('dir', 'dir/a')).toBe(-1);
    expect(compareCodePoints('dir/a', 'dir')).toBe(1);
    expect(compareCodePoints('x', 'x')).toBe(0);
  });
});

describe('model path names (§7 step 2)', () => {
  it.each(['a', 'dir/a.bin', 'sub/.git/config', 'weird\\name', 'é/ü'])('accepts %j', (path) => {
    expect(isModelPath(path)).toBe(true);
  });

  it.each(['', '/abs', 'a/', 'a//b', './a', 'a/../b', '..', 'bad\uD800'])('refuses %j', (path) => {
    expect(isModelPath(path)).toBe(false);
  });

  it('collapses ./ and // and drops a trailing /, refusing absolute and .. paths', () => {
    expect(normaliseModelPath('./a//b/./c/')).toBe('a/b/c');
    expect(normaliseModelPath('/a')).toBeUndefined();
    expect(normaliseModelPath('a/../b')).toBeUndefined();
    expect(normaliseModelPath('./')).toBeUndefined();
  });

  it('ignores exact paths and what lies under them, at the top level only', () => {
    const ignore = ['.git', 'cache'];
    expect(isIgnoredPath('.git', ignore)).toBe(true);
    expect(isIgnoredPath('.git/HEAD', ignore)).toBe(true);
    expect(isIgnoredPath('sub/.git/HEAD', ignore)).toBe(false);
    expect(isIgnoredPath('.gitkeep', ignore)).toBe(false);
    expect(isIgnoredPath('cached', ignore)).toBe(false);
  });
});
