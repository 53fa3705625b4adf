// After a paid sale's result: a moment of thanks before the attract screen returns.
import './display-brand.css';

export function ThanksScreen({ merchantName }: { merchantName: string | null }) {
  return (
    <div className="thanks" role="status">
      <h1>Thank you for shopping with {merchantName ?? 'us'}</h1>
      <p>See you again soon</p>
    </div>
  );
}
