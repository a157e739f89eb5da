// ESLint rule: never spread into a call's arguments. Every spread argument
// goes on the stack, so Math.max(...a) or out.push(...a) throws "Maximum call
// stack size exceeded" once `a` has a few hundred thousand entries, and the
// workbench's arrays routinely have millions. Loop instead (or use a helper
// that loops). Spreads inside array and object literals are fine.
const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'forbid spreading an array into the arguments of a call' },
    schema: [],
    messages: {
      spread: 'do not spread into call arguments: a large array overflows the stack (Math.max(...a), push(...a)); use a loop',
    },
  },
  create(context) {
    const check = (node) => {
      for (const arg of node.arguments) if (arg.type === 'SpreadElement') context.report({ node: arg, messageId: 'spread' })
    }
    return { CallExpression: check, NewExpression: check }
  },
}

export default rule
