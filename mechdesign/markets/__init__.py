"""The data-market models of the reference papers.

* :mod:`~mechdesign.markets.privacy_oligopoly` — privacy-preserving information sharing in
  Cournot oligopoly (shared/reference/privacy-oligopoly.md);
* :mod:`~mechdesign.markets.too_much_data` — data leakage, prices and mediated sharing
  (too-much-data.md);
* :mod:`~mechdesign.markets.social_data` — a data intermediary for social data
  (social-data.md).
"""

from mechdesign.markets import privacy_oligopoly as privacy_oligopoly
from mechdesign.markets import social_data as social_data
from mechdesign.markets import too_much_data as too_much_data
