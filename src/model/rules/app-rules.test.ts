import { describeRuleCases } from '../../../test/support/model-fixture.js'

const MODULE = { 'M/domain.yaml': 'entities: {}\n' }

describeRuleCases('app rules', [
  {
    code: 'PD151',
    severity: 'error',
    what: 'an app version that is not semver',
    fixture: { ...MODULE, 'portico.yaml': "app: shop\nversion: '1.0'\nmodules: [M]\n" },
    at: [['portico.yaml', 2, 10]],
    message: "app version '1.0' of shop is not a semantic version",
    valid: { ...MODULE, 'portico.yaml': 'app: shop\nversion: 2.1.0-rc.1\nmodules: [M]\n' },
  },
  {
    code: 'PD152',
    severity: 'error',
    what: 'a module listed twice, reporting its elements once',
    fixture: {
      'M/domain.yaml': 'entities:\n  A:\n    access: [{ roles: [Admin], allow: [read] }]\n',
      'portico.yaml': 'app: shop\nversion: 1.0.0\nmodules: [M, M]\nroles: { Admin: {} }\n',
    },
    at: [['portico.yaml', 3, 14]],
    message: "module 'M' is listed twice under modules in portico.yaml, first at portico.yaml:3:11",
    valid: {
      'M/domain.yaml': 'entities:\n  A:\n    access: [{ roles: [Admin], allow: [read] }]\n',
      'portico.yaml': 'app: shop\nversion: 1.0.0\nmodules: [M]\nroles: { Admin: {} }\n',
    },
  },
])
