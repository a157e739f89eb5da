import js from '@eslint/js'
import pluginVue from 'eslint-plugin-vue'
import globals from 'globals'
import tseslint from 'typescript-eslint'
import frontDoors from './scripts/eslint-front-doors.mjs'
import layering from './scripts/eslint-layering.mjs'
import noSpreadArgs from './scripts/eslint-no-spread-args.mjs'

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'dist/**', 'test-results/**', '.electron-native/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    languageOptions: { globals: { ...globals.node } },
    plugins: { local: { rules: { ...layering.rules, 'front-doors': frontDoors, 'no-spread-args': noSpreadArgs } } },
    rules: {
      'local/layering': 'error',
      'local/front-doors': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-constant-condition': ['error', { checkLoops: false }],
      // Formatting is not lint's job here.
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/multi-word-component-names': 'off',
    },
  },
  {
    // Application code handles arrays of millions; tests spread short argument lists freely.
    files: ['src-shared/**', 'src-main/**', 'src-renderer/**', 'scripts/**', 'bin/**'],
    rules: { 'local/no-spread-args': 'error' },
  },
  {
    files: ['src-renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['bin/**/*.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
)
