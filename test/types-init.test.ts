/**
 * The closed *Init types of generated/types.ts and types-v1.0.ts, read with the compiler: one for each
 * object type a request reaches, with exactly the properties of its open form, optional where the open
 * form's are, and no index signature; participants an array in both forms.
 */
import { join } from 'node:path';
import type TypeScript from 'typescript';
import { hostParsingOnce, ts } from './typescript.js';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { packageRoot } from '../src/paths.js';

const expectedInit = ['CommunicationsIdentitySetInit', 'IdentityInit', 'IdentitySetInit', 'InvitationParticipantInfoInit', 'InviteRequestInit'];

for (const file of ['types.ts', 'types-v1.0.ts']) {
  test(`${file}: each Init type is its open type closed`, () => {
    const path = join(packageRoot, 'generated', file);
    const options: TypeScript.CompilerOptions = { strict: true, noEmit: true, types: [], target: ts.ScriptTarget.ES2022 };
    // The libs parsed once for both files.
    const program = ts.createProgram([path], options, hostParsingOnce(options));
    const checker = program.getTypeChecker();
    const source = program.getSourceFile(path);
    assert.ok(source);
    const moduleSymbol = checker.getSymbolAtLocation(source);
    assert.ok(moduleSymbol);
    const exported = new Map(checker.getExportsOfModule(moduleSymbol).map((symbol) => [symbol.name, checker.getDeclaredTypeOfSymbol(symbol)]));
    const inits = [...exported.keys()].filter((name) => name.endsWith('Init')).sort();
    assert.equal(inits, expectedInit);

    const shape = (type: TypeScript.Type): Array<[string, boolean]> =>
      checker
        .getPropertiesOfType(type)
        .map((property): [string, boolean] => [property.name, (property.flags & ts.SymbolFlags.Optional) !== 0])
        .sort(([a], [b]) => (a < b ? -1 : 1));
    for (const name of inits) {
      const closed = exported.get(name) as TypeScript.Type;
      const open = exported.get(name.slice(0, -'Init'.length));
      assert.ok(open, `${name} has an open form`);
      assert.equal(shape(closed), shape(open), name);
      assert.is(checker.getIndexInfosOfType(closed).length, 0, `${name} has no index signature`);
      assert.is(checker.getIndexInfosOfType(open).length, 1, `${name.slice(0, -4)} accepts undeclared keys`);
      // What a bot builds goes wherever the open form is read.
      assert.ok(checker.isTypeAssignableTo(closed, open), `${name} is assignable to its open form`);
    }

    for (const name of ['InviteRequest', 'InviteRequestInit']) {
      const participants = checker.getPropertyOfType(exported.get(name) as TypeScript.Type, 'participants');
      assert.ok(participants);
      const type = checker.getTypeOfSymbol(participants);
      assert.ok(checker.isArrayType(type) && !checker.isTupleType(type), `${name}.participants is ${checker.typeToString(type)}`);
    }
  });
}

test.run();
