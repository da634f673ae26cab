/**
 * `-o, --output <format>` is the output format in every command, and `--out <path>` the file or
 * directory written. `profilegate profile` and `import` once took `-o FILE`: a value that looks
 * like a path gets an error that says what to write instead.
 */
import { InvalidArgumentError, Option } from 'commander';

export function outputFormatOption(formats: readonly string[], description: string): Option {
  return new Option('-o, --output <format>', `${description} (${formats.join(', ')})`).argParser(
    (value: string): string => {
      if (formats.includes(value)) return value;
      if (/[./\\]/.test(value)) {
        throw new InvalidArgumentError(
          `-o is the output format (${formats.join(', ')}); write the file with --out ${value}`,
        );
      }
      throw new InvalidArgumentError(`Allowed choices are ${formats.join(', ')}.`);
    },
  );
}
