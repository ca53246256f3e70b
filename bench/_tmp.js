const { shapeInsights } = require('../dist/nodes/M8ComLookup/shapeInsights');
require('tsx/cjs'); const { fullInsightsInput } = require('./fixture.ts');
const input = fullInsightsInput();
function time(label, f, n = 5000) {
  for (let i=0;i<1000;i++) f();
  const res=[];
  for (let r=0;r<7;r++){const s=process.hrtime.bigint(); for (let i=0;i<n;i++) f(); res.push(Number(process.hrtime.bigint()-s)/1e3/n);}
  res.sort((a,b)=>a-b);
  console.log(label, res.map(x=>x.toFixed(1)).join(' '), 'µs/op');
}
time('shapeInsights', () => shapeInsights(input));
