import { AppError } from '@clinicsync/server';
import { CommanderError } from 'commander';
import { expect, test } from 'vitest';
import { CliError, describeError } from '../src/cli-error.js';

test('each kind of error becomes one line and its exit code', () => {
  expect(describeError(new CliError('bad flag', 'usage'))).toEqual({
    message: 'bad flag',
    exitCode: 2,
  });
  expect(
    describeError(new AppError('not_found', 'There is no user with the email a@b.c.')),
  ).toEqual({ message: 'There is no user with the email a@b.c.', exitCode: 1 });
  expect(describeError(new CommanderError(1, 'commander.unknownOption', 'x'))).toEqual({
    message: '',
    exitCode: 2,
  });
  expect(describeError(new Error('boom\n    at somewhere'))).toEqual({
    message: 'Unexpected error: boom',
    exitCode: 1,
  });
});
